/**
 * Every tuple of every user table, live or dead, read page by page with pageinspect
 * (heap_page_items + tuple_data_split), and decoded by column type. Works through any client
 * that runs a query: PGlite or a temporary PostgreSQL.
 */

import { ToastChunks, toastPointer } from './toast';

export type Value = string | number | boolean | null;

export interface Row {
  database: string;
  table: string;
  dead: boolean;
  values: Record<string, Value>;
  /** The column types, by name (uuid, text, integer, ...). */
  types: Record<string, string>;
}

export type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

interface Column {
  name: string;
  type: string;
}

const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const lossy = new TextDecoder('utf-8', { fatal: false });

/** The data of a varlena value without its header (out-of-line values from their chunks); null for a compressed value. */
function varlenaData(raw: Uint8Array, toast: ToastChunks): Uint8Array | null {
  const first = raw[0]!;
  if (first === 0x01) {
    const pointer = toastPointer(raw);
    return pointer && toast.value(pointer);
  }
  if ((first & 1) === 1) return raw.subarray(1, first >> 1);
  if ((first & 3) === 0) {
    const length = new DataView(raw.buffer, raw.byteOffset, 4).getUint32(0, true) >>> 2;
    return raw.subarray(4, length);
  }
  return null;
}

function decode(type: string, raw: Uint8Array | null, toast: ToastChunks): Value {
  if (raw === null) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (type) {
    case 'uuid': {
      const hex = Buffer.from(raw).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    }
    case 'integer':
      return view.getInt32(0, true);
    case 'oid':
      return view.getUint32(0, true);
    case 'smallint':
      return view.getInt16(0, true);
    case 'bigint':
      return Number(view.getBigInt64(0, true));
    case 'boolean':
      return raw[0] !== 0;
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return new Date(POSTGRES_EPOCH_MS + Number(view.getBigInt64(0, true) / 1000n)).toISOString();
    default: {
      // text and jsonb alike: jsonb keeps its strings as UTF-8, so a lossy decoding still shows them.
      const data = raw.length > 0 ? varlenaData(raw, toast) : raw;
      return data === null ? null : lossy.decode(data);
    }
  }
}

const asBytes = (value: unknown): Uint8Array | null => (value === null || value === undefined ? null : (value as Uint8Array));

async function columnsOf(query: Query, oid: number): Promise<Column[]> {
  const rows = await query(
    `select attname::text as name, format_type(atttypid, null) as type from pg_attribute where attrelid = $1 and attnum > 0 order by attnum`,
    [oid],
  );
  return rows.map((r) => ({ name: String(r.name), type: String(r.type) }));
}

/** Items of every page, values as stored (pageinspect's own detoasting mangles short values). */
async function items(query: Query, oid: number, rel: string, pages: number): Promise<Array<Record<string, unknown>>> {
  return query(
    `select p as page, h.lp, tuple_data_split($1::oid, h.t_data, h.t_infomask, h.t_infomask2, h.t_bits) as attrs
     from generate_series(0, $2::int - 1) p, heap_page_items(get_raw_page($3, p::int)) h
     where h.t_data is not null`,
    [oid, pages, rel],
  );
}

/** User tables and their TOAST tables in the connected database. */
async function tablesOf(query: Query): Promise<Array<{ oid: number; rel: string; name: string; pages: number }>> {
  const rows = await query(`
    select c.oid::int as oid, c.oid::regclass::text as rel, case when n.nspname = 'public' then c.relname::text else n.nspname || '.' || c.relname end as name,
           (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where (c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%')
       or c.oid in (select reltoastrelid from pg_class u join pg_namespace un on un.oid = u.relnamespace
                    where u.reltoastrelid <> 0 and un.nspname not in ('pg_catalog', 'information_schema'))
    order by 2`);
  return rows.map((r) => ({ oid: Number(r.oid), rel: String(r.rel), name: String(r.name), pages: Number(r.pages) }));
}

interface RawTuple {
  table: string;
  columns: Column[];
  dead: boolean;
  attrs: unknown[];
}

export async function readAllTuples(query: Query, database: string): Promise<Row[]> {
  await query('create extension if not exists pageinspect');
  // Every tuple first, so TOAST chunks (of any table) are known before pointers to them are decoded.
  const raw: RawTuple[] = [];
  const toast = new ToastChunks();
  for (const table of await tablesOf(query)) {
    if (table.pages === 0) continue;
    const columns = await columnsOf(query, table.oid);
    // The raw pages first: a scan prunes dead tuples from the pages it reads (opportunistic pruning).
    const onPages = await items(query, table.oid, table.rel, table.pages);
    // Live tuples are what a plain SELECT sees; every other tuple with data on a page is a leftover.
    const visible = new Set((await query(`select ctid::text as ctid from only ${table.rel}`)).map((r) => String(r.ctid)));
    for (const item of onPages) {
      const attrs = (item.attrs as unknown[] | null) ?? [];
      raw.push({ table: table.name, columns, dead: !visible.has(`(${item.page},${item.lp})`), attrs });
      const [valueId, seq, data] = attrs.map(asBytes);
      if (table.name.startsWith('pg_toast.') && valueId && seq && data) {
        const chunk = varlenaData(data, toast);
        if (chunk) toast.add(table.oid, new DataView(valueId.buffer, valueId.byteOffset, 4).getUint32(0, true), new DataView(seq.buffer, seq.byteOffset, 4).getInt32(0, true), chunk);
      }
    }
  }
  return raw.map(({ table, columns, dead, attrs }) => {
    const values: Record<string, Value> = {};
    columns.forEach((column, i) => {
      try {
        values[column.name] = decode(column.type, asBytes(attrs[i]), toast);
      } catch {
        values[column.name] = null;
      }
    });
    return { database, table, dead, values, types: Object.fromEntries(columns.map((c) => [c.name, c.type])) };
  });
}
