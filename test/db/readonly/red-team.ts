// The red team's statements against `gongkai query` (issue 15), and more of the same kinds: each must be refused
// on every backend, and leave `documents`, the server's files and other sessions as they were.

export interface AttackContext {
  /** Server-side path of the documents table's data file (copying over it emptied the table on PGlite). */
  documentsFile: string;
  /** A file a successful COPY TO PROGRAM / lo_export would create. */
  marker: string;
  /** A backend a successful pg_terminate_backend would kill. */
  victimPid: number;
}

export interface Attack {
  name: string;
  sql: (c: AttackContext) => string;
  /** What the statement checker says (matched against its message), or 'database' for a plain SELECT that only the
   *  reading login's privileges stop. */
  refusal: RegExp | 'database';
}

export const RED_TEAM: Attack[] = [
  { name: 'DO block that resets the role', sql: () => `do $$ begin execute 'reset role'; delete from documents; end $$`, refusal: /it is DO/ },
  {
    name: 'set_config(role) and query_to_xml',
    sql: () => `select set_config('role', 'postgres', true), query_to_xml('delete from documents returning 1', true, false, '')`,
    refusal: /function set_config\(\) is not on the list/,
  },
  { name: 'query_to_xml alone', sql: () => `select query_to_xml('delete from documents returning 1', true, false, '')`, refusal: /query_to_xml\(\)/ },
  { name: 'COPY over the table file', sql: (c) => `copy (select 1 where false) to '${c.documentsFile}'`, refusal: /it is COPY/ },
  { name: 'COPY TO PROGRAM', sql: (c) => `copy (select 1) to program 'touch ${c.marker}'`, refusal: /it is COPY/ },
  { name: 'COPY FROM PROGRAM', sql: (c) => `copy documents from program 'touch ${c.marker}'`, refusal: /it is COPY/ },
  { name: 'pg_read_file', sql: () => `select pg_read_file('/etc/hostname')`, refusal: /pg_read_file\(\)/ },
  { name: 'pg_read_file in a subquery in FROM', sql: () => `select * from (select pg_read_file('/etc/hostname') as f) s`, refusal: /pg_read_file\(\)/ },
  { name: 'pg_ls_dir, schema-qualified', sql: () => `select pg_catalog.pg_ls_dir('.')`, refusal: /pg_ls_dir\(\)/ },
  { name: 'pg_read_file spelled with a Unicode escape', sql: () => `select U&"\\0070g_read_file"('/etc/hostname')`, refusal: /pg_read_file\(\)/ },
  { name: 'pg_terminate_backend', sql: (c) => `select pg_terminate_backend(${c.victimPid})`, refusal: /pg_terminate_backend\(\)/ },
  { name: 'pg_cancel_backend in a CTE', sql: (c) => `with x as (select pg_cancel_backend(${c.victimPid})) select * from x`, refusal: /pg_cancel_backend\(\)/ },
  { name: "advisory lock on gongkai's run lock", sql: () => `select pg_advisory_lock(7361022021)`, refusal: /pg_advisory_lock\(\)/ },
  { name: 'lo_import', sql: () => `select lo_import('/etc/hostname')`, refusal: /lo_import\(\)/ },
  { name: 'lo_from_bytea', sql: () => `select lo_from_bytea(0, 'x')`, refusal: /lo_from_bytea\(\)/ },
  { name: 'lo_export', sql: (c) => `select lo_export(1, '${c.marker}')`, refusal: /lo_export\(\)/ },
  { name: 'dblink', sql: () => `select * from dblink('dbname=postgres', 'delete from documents') as t(x int)`, refusal: /dblink\(\)/ },
  { name: 'ts_stat runs a query string', sql: () => `select * from ts_stat('delete from documents returning null::tsvector')`, refusal: /ts_stat\(\)/ },
  { name: 'two statements', sql: () => `select 1; delete from documents`, refusal: /2 statements/ },
  { name: 'a statement hidden after a block comment', sql: () => `select 1 /* harmless; */; delete from documents`, refusal: /2 statements/ },
  { name: 'a statement hidden after a line comment', sql: () => `select 1 -- harmless\n; delete from documents`, refusal: /2 statements/ },
  { name: 'commit and write', sql: () => `select 1; commit; delete from documents`, refusal: /3 statements/ },
  { name: 'data-modifying CTE', sql: () => `with d as (delete from documents returning 1) select count(*) from d`, refusal: /WITH query d is DELETE/ },
  { name: 'SELECT INTO', sql: () => `select * into documents_copy from documents`, refusal: /SELECT INTO/ },
  { name: 'SELECT INTO a temp table', sql: () => `select * into temp t from documents`, refusal: /SELECT INTO/ },
  { name: 'row locks', sql: () => `select * from documents for update`, refusal: /FOR UPDATE/ },
  { name: 'row locks in a subquery', sql: () => `select * from (select * from documents for share) d`, refusal: /FOR UPDATE/ },
  { name: 'DELETE', sql: () => `delete from documents`, refusal: /it is DELETE/ },
  { name: 'TRUNCATE', sql: () => `truncate documents cascade`, refusal: /it is TRUNCATE/ },
  { name: 'EXPLAIN ANALYZE of a DELETE', sql: () => `explain analyze delete from documents`, refusal: /it is EXPLAIN/ },
  { name: 'SET ROLE', sql: () => `set role postgres`, refusal: /it is SET/ },
  { name: 'RESET ROLE', sql: () => `reset role`, refusal: /it is SET/ },
  { name: 'SET SESSION AUTHORIZATION', sql: () => `set session authorization postgres`, refusal: /it is SET/ },
  { name: 'read-write transaction', sql: () => `start transaction read write`, refusal: /a transaction command/ },
  { name: 'LOCK TABLE', sql: () => `lock table documents in access exclusive mode`, refusal: /it is LOCK/ },
  { name: 'PREPARE a DELETE', sql: () => `prepare p as delete from documents`, refusal: /it is PREPARE/ },
  { name: 'CALL', sql: () => `call anything()`, refusal: /it is CALL/ },
  { name: 'nextval writes a sequence', sql: () => `select nextval('document_sources_id_seq')`, refusal: /nextval\(\)/ },
  { name: 'setting read-only off for the session', sql: () => `select set_config('default_transaction_read_only', 'off', false)`, refusal: /set_config\(\)/ },
  { name: 'pg_reload_conf', sql: () => `select pg_reload_conf()`, refusal: /pg_reload_conf\(\)/ },
  { name: 'pg_sleep ties up the database', sql: () => `select pg_sleep(600)`, refusal: /pg_sleep\(\)/ },
  { name: 'a function from another schema', sql: () => `select public.lower('x')`, refusal: /public\.lower is not a built-in/ },
  { name: 'a user-defined operator schema', sql: () => `select 1 operator(public.+) 1`, refusal: /operator public\.\+ is not a built-in/ },
  { name: 'password hashes', sql: () => `select rolpassword from pg_authid`, refusal: 'database' },
];
