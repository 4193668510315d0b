import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, parseMoney } from '../src/lib/money.ts';

describe('money in minor units', () => {
  it("knows each currency's minor-unit digits", () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('parses typed amounts with a dot or a comma into integer minor units', () => {
    expect(parseMoney('-12.5', 'EUR')).toBe(-1250);
    expect(parseMoney(' 3,20 ', 'EUR')).toBe(320);
    expect(parseMoney('+7', 'EUR')).toBe(700);
    expect(parseMoney('1500', 'JPY')).toBe(1500);
    expect(parseMoney('1.234', 'KWD')).toBe(1234);
  });

  it('refuses what is not an amount of that currency', () => {
    expect(parseMoney('', 'EUR')).toBeNull();
    expect(parseMoney('12.345', 'EUR')).toBeNull();
    expect(parseMoney('1.5', 'JPY')).toBeNull();
    expect(parseMoney('1e3', 'EUR')).toBeNull();
    expect(parseMoney('9'.repeat(15), 'EUR')).toBeNull();
  });

  it('formats minor units in the currency', () => {
    expect(formatMoney(-1250, 'EUR').replace(/\s/g, ' ')).toMatch(/12[.,]50/);
    expect(formatMoney(1500, 'JPY')).toMatch(/1,?500/);
  });
});
