import type { CreateAccountInput } from '../model.js';

/** Accounts of the generated ledger (several currencies, including one without minor units). */
export const SEED_ACCOUNTS: readonly CreateAccountInput[] = [
  { name: 'Checking', kind: 'asset', currency: 'EUR' },
  { name: 'Savings', kind: 'asset', currency: 'EUR' },
  { name: 'Cash', kind: 'asset', currency: 'EUR' },
  { name: 'Credit Card', kind: 'liability', currency: 'EUR' },
  { name: 'Brokerage', kind: 'asset', currency: 'USD' },
  { name: 'Travel Wallet', kind: 'asset', currency: 'JPY' },
  { name: 'Mortgage', kind: 'liability', currency: 'EUR' },
];

/** A kind of transaction: where it happens, how much, who with. Amounts in minor units. */
export interface EntryTemplate {
  category: string;
  weight: number;
  /** Indexes into {@link SEED_ACCOUNTS}. */
  accounts: readonly number[];
  min: number;
  max: number;
  /** +1 money in, -1 money out. */
  sign: 1 | -1;
  payees: readonly string[];
  memos?: readonly string[];
  tags?: readonly string[];
}

/** Transaction mix of the generated ledger. */
export const SEED_TEMPLATES: readonly EntryTemplate[] = [
  {
    category: 'Groceries',
    weight: 30,
    accounts: [0, 2, 3],
    min: 300,
    max: 15_000,
    sign: -1,
    payees: [
      'Albert Heijn',
      'Lidl',
      'Aldi Süd',
      'Carrefour Market',
      'Edeka',
      'Whole Foods',
      'Farmers Market',
    ],
    memos: ['weekly shop', 'bread and milk', 'party supplies', ''],
    tags: ['household'],
  },
  {
    category: 'Restaurants',
    weight: 14,
    accounts: [0, 2, 3],
    min: 800,
    max: 12_000,
    sign: -1,
    payees: ['Café Nero', 'Pizzeria Napoli', 'Sushi Ko', 'The Green Fork', 'Burger Barn', 'Thai Orchid'],
    memos: ['lunch with team', 'dinner', 'birthday dinner', 'coffee', ''],
    tags: ['social', 'work'],
  },
  {
    category: 'Transport',
    weight: 12,
    accounts: [0, 3],
    min: 150,
    max: 9_000,
    sign: -1,
    payees: ['Deutsche Bahn', 'Uber', 'Shell', 'BP', 'City Transit', 'Parking Garage'],
    memos: ['commute', 'fuel', 'weekend trip', ''],
    tags: ['commute'],
  },
  {
    category: 'Utilities',
    weight: 5,
    accounts: [0],
    min: 2_000,
    max: 25_000,
    sign: -1,
    payees: ['Vattenfall', 'Stadtwerke', 'Vodafone', 'Telekom', 'Water Board'],
    memos: ['monthly bill', 'electricity', 'internet', 'mobile'],
  },
  {
    category: 'Shopping',
    weight: 10,
    accounts: [0, 3],
    min: 500,
    max: 40_000,
    sign: -1,
    payees: ['Amazon', 'IKEA', 'Zalando', 'MediaMarkt', 'Decathlon', 'Bookshop Lux'],
    memos: ['gift', 'furniture', 'running shoes', 'headphones', 'novel', ''],
    tags: ['gift', 'household'],
  },
  {
    category: 'Travel',
    weight: 4,
    accounts: [3, 5],
    min: 500,
    max: 90_000,
    sign: -1,
    payees: ['Lufthansa', 'Booking.com', 'Airbnb', 'Shinkansen', 'Ryokan Sakura', 'Lawson'],
    memos: ['flight', 'hotel', 'train', 'snacks', ''],
    tags: ['vacation'],
  },
  {
    category: 'Salary',
    weight: 2,
    accounts: [0],
    min: 320_000,
    max: 360_000,
    sign: 1,
    payees: ['ACME GmbH'],
    memos: ['monthly salary', 'salary and bonus'],
  },
  {
    category: 'Investments',
    weight: 2,
    accounts: [4],
    min: 5_000,
    max: 150_000,
    sign: 1,
    payees: ['Vanguard', 'iShares', 'Dividend'],
    memos: ['dividend', 'monthly deposit', 'rebalancing'],
  },
  {
    category: 'Savings',
    weight: 2,
    accounts: [1],
    min: 10_000,
    max: 100_000,
    sign: 1,
    payees: ['Transfer from Checking', 'Interest'],
    memos: ['monthly saving', 'interest'],
  },
  {
    category: 'Housing',
    weight: 2,
    accounts: [0, 6],
    min: 90_000,
    max: 140_000,
    sign: -1,
    payees: ['Landlord', 'Mortgage Bank'],
    memos: ['rent', 'mortgage payment'],
  },
];
