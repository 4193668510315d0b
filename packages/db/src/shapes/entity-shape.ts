/**
 * One source for each entity's shape. A column map names, for every field of the public model,
 * the table column holding it and how it is stored; the row mapper, the select list and the
 * `json_object(...)` the change-log triggers write are all derived from it, so they cannot drift.
 * `test/entity-shapes.test.ts` checks the map against the live table and the stored triggers.
 */

/** How a field is stored: as is, as `0`/`1` (a boolean), or as JSON text (an array). */
export type FieldEncoding = 'value' | 'boolean' | 'json';

/** Where one model field lives in its table's row. */
export interface FieldColumn<Column extends string = string> {
  readonly column: Column;
  readonly encoding: FieldEncoding;
}

/** The column map of one entity: every model field (in JSON order), its column and encoding. */
export type ColumnMap<Model, Row> = { readonly [K in keyof Model]-?: FieldColumn<keyof Row & string> };

/** Compile error naming the columns a shape forgot (neither mapped nor declared internal). */
type CoversRow<Row, Covered> = [Exclude<keyof Row, Covered>] extends [never]
  ? unknown
  : { unmappedColumns: Exclude<keyof Row, Covered> };

/** An entity's shape, derived from its column map. */
export interface EntityShape<Model, Column extends string> {
  /** The table holding the entity. */
  readonly table: string;
  /** Its name in the change log (`ChangeEntry.entity`). */
  readonly entity: string;
  /** The column map, field by field. */
  readonly fields: Readonly<Record<keyof Model & string, FieldColumn<Column>>>;
  /** The mapped columns, in field order: the select list of a model row. */
  readonly columns: readonly Column[];
  /** Table columns that stay out of the model (e.g. an import fingerprint). */
  readonly internal: readonly string[];
  /** Row → model. */
  toModel(row: { readonly [C in Column]: unknown }): Model;
  /** SQL building the model's JSON from the row `ref` (`NEW`/`OLD` in a trigger). */
  jsonObjectSql(ref: string): string;
}

interface ShapeSpec<Fields, Internal extends string> {
  table: string;
  entity: string;
  fields: Fields;
  internal: readonly Internal[];
}

/**
 * Declares an entity's shape: `defineShape<Model, Row>()({ table, entity, fields, internal })`.
 * Every model field must be mapped, and every column of `Row` mapped or listed in `internal`
 * (a compile error names the ones left over).
 */
export function defineShape<Model, Row>() {
  return <const Fields extends ColumnMap<Model, Row>, Internal extends keyof Row & string = never>(
    spec: ShapeSpec<Fields, Internal> & CoversRow<Row, Fields[keyof Fields]['column'] | Internal>,
  ): EntityShape<Model, Fields[keyof Fields]['column']> => {
    type Column = Fields[keyof Fields]['column'];
    const entries = Object.entries(spec.fields as Record<string, FieldColumn<Column>>);
    return {
      table: spec.table,
      entity: spec.entity,
      fields: spec.fields as unknown as Record<keyof Model & string, FieldColumn<Column>>,
      columns: entries.map(([, field]) => field.column),
      internal: spec.internal,
      toModel(row) {
        const model: Record<string, unknown> = {};
        for (const [name, { column, encoding }] of entries) {
          const value = row[column];
          model[name] =
            encoding === 'value' ? value : encoding === 'boolean' ? value !== 0 : JSON.parse(value as string);
        }
        return model as Model;
      },
      jsonObjectSql(ref) {
        const pairs = entries.map(([name, { column, encoding }]) => {
          const value =
            encoding === 'value'
              ? `${ref}.${column}`
              : encoding === 'boolean'
                ? `json(CASE WHEN ${ref}.${column} THEN 'true' ELSE 'false' END)`
                : `json(${ref}.${column})`;
          return `'${name}', ${value}`;
        });
        return `json_object(${pairs.join(', ')})`;
      },
    };
  };
}
