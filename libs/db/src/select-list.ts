/**
 * A select list that names each column as a field (`tenant_id AS "tenantId"`), so the rows of a
 * hand-written query come back in the entity's shape. Hot paths use it to skip TypeORM's query
 * building; typing `columns` as `Record<keyof Row, string>` makes a forgotten field a compile error.
 */
export function selectList(columns: Readonly<Record<string, string>>): string {
  return Object.entries(columns)
    .map(([field, column]) => `${column} AS "${field}"`)
    .join(', ');
}
