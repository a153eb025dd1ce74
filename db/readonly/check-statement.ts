// Decides whether researcher SQL is one plain read: parsed by the real Postgres parser (libpg-query), then every
// node of the tree checked against what a SELECT may contain and every function against ALLOWED_FUNCTIONS.
// It never runs anything; the database connection that runs an accepted statement is another layer (reader.ts).
import { parse } from 'libpg-query';
import { StatementRefusedError } from '../errors.js';
import { ALLOWED_FUNCTIONS } from './allowed-functions.js';

/** Node types a plain SELECT (with CTEs, subqueries, joins, windows, JSON and XML expressions) is built from. */
const SELECT_NODES = new Set([
  'SelectStmt',
  'ResTarget',
  'ColumnRef',
  'A_Star',
  'A_Const',
  'String',
  'Integer',
  'Float',
  'Boolean',
  'BitString',
  'A_Expr',
  'BoolExpr',
  'NullTest',
  'BooleanTest',
  'FuncCall',
  'TypeCast',
  'TypeName',
  'CollateClause',
  'SubLink',
  'CaseExpr',
  'CaseWhen',
  'CoalesceExpr',
  'MinMaxExpr',
  'RowExpr',
  'A_ArrayExpr',
  'A_Indices',
  'A_Indirection',
  'SQLValueFunction',
  'ParamRef',
  'RangeVar',
  'RangeSubselect',
  'RangeFunction',
  'JoinExpr',
  'SortBy',
  'WindowDef',
  'WithClause',
  'CommonTableExpr',
  'CTESearchClause',
  'CTECycleClause',
  'GroupingSet',
  'GroupingFunc',
  'List',
  'Alias',
  'XmlExpr',
  'XmlSerialize',
  'RangeTableFunc',
  'RangeTableFuncCol',
  'RangeTableSample',
  'JsonTable',
  'JsonTablePathSpec',
  'JsonTableColumn',
  'JsonFuncExpr',
  'JsonValueExpr',
  'JsonOutput',
  'JsonFormat',
  'JsonReturning',
  'JsonArgument',
  'JsonBehavior',
  'JsonObjectConstructor',
  'JsonArrayConstructor',
  'JsonArrayQueryConstructor',
  'JsonAggConstructor',
  'JsonObjectAgg',
  'JsonArrayAgg',
  'JsonKeyValue',
  'JsonIsPredicate',
  'JsonParseExpr',
  'JsonScalarExpr',
  'JsonSerializeExpr',
]);

const SAMPLING_METHODS = new Set(['bernoulli', 'system']);

/** What a statement kind is called in messages: `DeleteStmt` → `DELETE`. */
function kindOf(node: string): string {
  const named: Record<string, string> = {
    DoStmt: 'DO',
    CopyStmt: 'COPY',
    VariableSetStmt: 'SET',
    ExplainStmt: 'EXPLAIN',
    TransactionStmt: 'a transaction command',
    CallStmt: 'CALL',
    PrepareStmt: 'PREPARE',
    ExecuteStmt: 'EXECUTE',
    LockStmt: 'LOCK',
    MergeStmt: 'MERGE',
  };
  return (
    named[node] ??
    node
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase()
  );
}

/** Reasons come from the tree, so they name what the researcher wrote (`pg_read_file`, `INSERT`, `FOR UPDATE`). */
function walk(value: unknown, path: string[], refuse: (why: string) => never): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, path, refuse);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    // libpg-query's JSON wraps polymorphic nodes as { TypeName: {...} }; fields are lower camelCase.
    if (/^[A-Z]/.test(key)) {
      if (!SELECT_NODES.has(key)) refuse(`it contains ${kindOf(key)}, and gongkai runs only a plain SELECT`);
      checkNode(key, child as Record<string, unknown>, refuse);
    } else if (key === 'intoClause') {
      refuse('SELECT INTO creates a table');
    } else if (key === 'lockingClause') {
      refuse('FOR UPDATE / FOR SHARE take row locks');
    }
    walk(child, [...path, key], refuse);
  }
}

function names(list: unknown): string[] {
  return ((list as { String?: { sval?: string } }[] | undefined) ?? []).map((n) => n.String?.sval ?? '');
}

function checkNode(type: string, node: Record<string, unknown>, refuse: (why: string) => never): void {
  if (type === 'FuncCall') {
    const parts = names(node.funcname);
    const name = parts.at(-1)!;
    // A schema other than pg_catalog could hold a function that shadows a built-in name.
    if (parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')) refuse(`function ${parts.join('.')} is not a built-in`);
    if (!ALLOWED_FUNCTIONS.has(name)) refuse(`function ${name}() is not on the list of functions researcher SQL may call`);
  } else if (type === 'A_Expr') {
    const parts = names(node.name);
    if (parts.length > 1 && parts[0] !== 'pg_catalog') refuse(`operator ${parts.join('.')} is not a built-in`);
  } else if (type === 'RangeTableSample') {
    const method = names(node.method);
    if (method.length !== 1 || !SAMPLING_METHODS.has(method[0]!)) refuse(`TABLESAMPLE ${method.join('.')} is not a built-in method`);
  } else if (type === 'CommonTableExpr' && node.ctequery && !('SelectStmt' in (node.ctequery as object))) {
    const inner = Object.keys(node.ctequery as object)[0] ?? 'unknown';
    refuse(`the WITH query ${String(node.ctename)} is ${kindOf(inner)}, not a SELECT`);
  }
}

async function parseStatements(sql: string): Promise<Record<string, unknown>[]> {
  let tree: { stmts?: { stmt?: Record<string, unknown> }[] };
  try {
    tree = (await parse(sql)) as typeof tree;
  } catch (err) {
    throw new StatementRefusedError(`it does not parse: ${(err as Error).message}`);
  }
  return (tree.stmts ?? []).map((s) => s.stmt ?? {});
}

function checkSelect(stmt: Record<string, unknown>): void {
  const kind = Object.keys(stmt)[0] ?? 'unknown';
  if (kind !== 'SelectStmt') throw new StatementRefusedError(`it is ${kindOf(kind)}, and gongkai runs only a plain SELECT`);
  walk(stmt, [], (why) => {
    throw new StatementRefusedError(why);
  });
}

/**
 * Throws StatementRefusedError unless `sql` is exactly one SELECT (or WITH … SELECT, VALUES, TABLE) that calls only
 * allowlisted built-in functions, takes no row locks and creates nothing. Comments and whitespace do not matter:
 * the decision is made on the parse tree, not the text.
 */
export async function checkReadOnlyStatement(sql: string): Promise<void> {
  const stmts = await parseStatements(sql);
  if (stmts.length === 0) throw new StatementRefusedError('there is no statement');
  if (stmts.length > 1) throw new StatementRefusedError(`it holds ${stmts.length} statements; give one`);
  checkSelect(stmts[0]!);
}

/** Session settings desktop clients set on connecting (JDBC, psycopg, R); none of them opens a way to write. */
const CLIENT_SETTINGS = new Set([
  'application_name',
  'extra_float_digits',
  'search_path',
  'datestyle',
  'timezone',
  'time zone',
  'client_encoding',
  'names',
  'intervalstyle',
  'client_min_messages',
  'bytea_output',
  'statement_timeout',
  'lock_timeout',
  'jit',
]);

/**
 * What a read-only `db serve` lets a client send: the SELECTs of checkReadOnlyStatement (several in one Query
 * message, as psql scripts do), plus the session chatter of desktop clients — SHOW, a few harmless SET/RESET,
 * BEGIN/COMMIT/ROLLBACK (never READ WRITE), DEALLOCATE. An empty string is fine (clients ping with it).
 */
export async function checkServedStatements(sql: string): Promise<void> {
  for (const stmt of await parseStatements(sql)) {
    const [kind, body] = Object.entries(stmt)[0] ?? ['unknown', {}];
    const node = body as Record<string, unknown>;
    if (kind === 'VariableShowStmt' || kind === 'DeallocateStmt') continue;
    if (kind === 'VariableSetStmt') {
      const name = String(node.name ?? '').toLowerCase();
      if (
        (node.kind === 'VAR_SET_VALUE' || node.kind === 'VAR_SET_DEFAULT' || node.kind === 'VAR_RESET' || node.kind === 'VAR_SET_CURRENT') &&
        CLIENT_SETTINGS.has(name)
      )
        continue;
      throw new StatementRefusedError(`SET ${name || String(node.kind)} is not one of the client settings a read-only server accepts`);
    }
    if (kind === 'TransactionStmt') {
      const options = (node.options as { DefElem?: { defname?: string; arg?: { A_Const?: { ival?: { ival?: number } } } } }[] | undefined) ?? [];
      const readOnly = options.find((o) => o.DefElem?.defname === 'transaction_read_only');
      if (readOnly && readOnly.DefElem!.arg?.A_Const?.ival?.ival !== 1) {
        throw new StatementRefusedError('a READ WRITE transaction on a read-only server');
      }
      if (['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK'].includes(String(node.kind))) continue;
      throw new StatementRefusedError(`${String(node.kind).replace('TRANS_STMT_', '')} is not a transaction command a read-only server accepts`);
    }
    checkSelect(stmt);
  }
}
