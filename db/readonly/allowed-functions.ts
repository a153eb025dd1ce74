// The functions researcher SQL may call (gongkai query, db serve without --write): an allowlist of built-in names.
// Nothing here may read or write files, change settings or roles, signal backends, take locks, touch large objects,
// sleep, or run a SQL string (query_to_xml, ts_stat, dblink …). A name missing here is refused with its name.
//
// Why an allowlist and not a denylist: Postgres has ~3,000 built-in functions and every release and extension adds
// more; a denylist is only as good as the last person who read the whole catalogue, and one missed name (an
// xml helper that runs a query string, an admin function) reopens the hole. A missing name here costs a researcher
// one refused query with the name in the message; a missing name on a denylist costs the database.

const AGGREGATES = [
  'count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'bit_xor',
  'string_agg', 'array_agg', 'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'xmlagg',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp',
  'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy',
  'percentile_cont', 'percentile_disc', 'mode', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'any_value',
];

const WINDOW = ['row_number', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value'];

const MATH = [
  'abs', 'cbrt', 'ceil', 'ceiling', 'degrees', 'div', 'exp', 'floor', 'ln', 'log', 'log10', 'mod', 'pi', 'power',
  'radians', 'round', 'scale', 'sign', 'sqrt', 'trunc', 'width_bucket', 'gcd', 'lcm', 'factorial', 'min_scale',
  'trim_scale', 'random', 'numeric', 'int4', 'int8', 'float8', 'text', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
];

const TEXT = [
  'ascii', 'bit_length', 'btrim', 'char_length', 'character_length', 'chr', 'concat', 'concat_ws', 'format',
  'initcap', 'left', 'length', 'lower', 'lpad', 'ltrim', 'md5', 'octet_length', 'overlay', 'position', 'quote_ident',
  'quote_literal', 'quote_nullable', 'regexp_count', 'regexp_instr', 'regexp_like', 'regexp_match', 'regexp_matches',
  'regexp_replace', 'regexp_split_to_array', 'regexp_split_to_table', 'regexp_substr', 'repeat', 'replace',
  'reverse', 'right', 'rpad', 'rtrim', 'split_part', 'starts_with', 'strpos', 'substr', 'substring', 'to_hex',
  'translate', 'upper', 'unistr', 'normalize', 'is_normalized', 'string_to_array', 'string_to_table', 'to_ascii',
  'encode', 'decode', 'convert_from', 'convert_to', 'sha224', 'sha256', 'sha384', 'sha512', 'like_escape',
  'similar_escape', 'similar_to_escape', 'casefold',
];

const DATE_TIME = [
  'age', 'clock_timestamp', 'current_date', 'date_bin', 'date_part', 'date_trunc', 'extract', 'isfinite',
  'justify_days', 'justify_hours', 'justify_interval', 'localtime', 'localtimestamp', 'make_date', 'make_interval',
  'make_time', 'make_timestamp', 'make_timestamptz', 'now', 'statement_timestamp', 'timeofday', 'transaction_timestamp',
  'to_char', 'to_date', 'to_number', 'to_timestamp', 'timezone', 'overlaps', 'date_add', 'date_subtract',
];

const ARRAYS_SETS = [
  'array_append', 'array_cat', 'array_dims', 'array_fill', 'array_length', 'array_lower', 'array_ndims',
  'array_position', 'array_positions', 'array_prepend', 'array_remove', 'array_replace', 'array_to_string',
  'array_upper', 'cardinality', 'trim_array', 'array_reverse', 'array_sort', 'unnest', 'generate_series',
  'generate_subscripts', 'num_nonnulls', 'num_nulls',
];

const JSON_XML = [
  'array_to_json', 'json_array_elements', 'json_array_elements_text', 'json_array_length', 'json_build_array',
  'json_build_object', 'json_each', 'json_each_text', 'json_extract_path', 'json_extract_path_text', 'json_object',
  'json_object_keys', 'json_populate_record', 'json_populate_recordset', 'json_strip_nulls', 'json_to_record',
  'json_to_recordset', 'json_typeof', 'jsonb_array_elements', 'jsonb_array_elements_text', 'jsonb_array_length',
  'jsonb_build_array', 'jsonb_build_object', 'jsonb_each', 'jsonb_each_text', 'jsonb_extract_path',
  'jsonb_extract_path_text', 'jsonb_insert', 'jsonb_object', 'jsonb_object_keys', 'jsonb_path_exists',
  'jsonb_path_match', 'jsonb_path_query', 'jsonb_path_query_array', 'jsonb_path_query_first', 'jsonb_populate_record',
  'jsonb_populate_recordset', 'jsonb_pretty', 'jsonb_set', 'jsonb_set_lax', 'jsonb_strip_nulls', 'jsonb_to_record',
  'jsonb_to_recordset', 'jsonb_typeof', 'row_to_json', 'to_json', 'to_jsonb', 'xmlcomment',
  'xml_is_well_formed', 'xml_is_well_formed_content', 'xml_is_well_formed_document', 'xpath', 'xpath_exists',
];

/** Session facts a researcher or a desktop tool asks for; none of them changes anything. */
const SESSION_FACTS = [
  'current_database', 'current_schema', 'current_schemas', 'current_setting', 'version', 'pg_backend_pid',
  'pg_postmaster_start_time', 'pg_is_in_recovery', 'inet_server_addr', 'inet_server_port', 'pg_client_encoding',
  'pg_jit_available', 'txid_current_if_assigned', 'pg_current_xact_id_if_assigned', 'obj_description',
  'col_description', 'shobj_description', 'has_table_privilege', 'has_column_privilege', 'has_any_column_privilege',
  'has_schema_privilege', 'has_database_privilege', 'has_function_privilege', 'has_sequence_privilege',
  'has_type_privilege', 'pg_has_role', 'row_security_active',
];

/** What psql's \d commands and desktop tools (DBeaver, RStudio) call to describe tables; all read the catalogue. */
const CATALOG = [
  'format_type', 'pg_get_userbyid', 'pg_get_expr', 'pg_get_constraintdef', 'pg_get_indexdef', 'pg_get_viewdef',
  'pg_get_triggerdef', 'pg_get_ruledef', 'pg_get_functiondef', 'pg_get_function_arguments',
  'pg_get_function_identity_arguments', 'pg_get_function_result', 'pg_get_partkeydef', 'pg_get_partition_constraintdef',
  'pg_get_statisticsobjdef', 'pg_get_statisticsobjdef_columns', 'pg_get_serial_sequence', 'pg_get_keywords',
  'pg_table_is_visible', 'pg_type_is_visible', 'pg_function_is_visible', 'pg_opclass_is_visible',
  'pg_operator_is_visible', 'pg_collation_is_visible', 'pg_conversion_is_visible', 'pg_ts_config_is_visible',
  'pg_statistics_obj_is_visible', 'pg_encoding_to_char', 'pg_char_to_encoding', 'pg_relation_size',
  'pg_total_relation_size', 'pg_table_size', 'pg_indexes_size', 'pg_database_size', 'pg_size_pretty', 'pg_size_bytes',
  'pg_column_size', 'pg_tablespace_location', 'pg_typeof', 'pg_collation_for', 'pg_partition_tree',
  'pg_partition_root', 'pg_partition_ancestors', 'pg_describe_object', 'pg_identify_object', 'pg_get_object_address',
  'to_regclass', 'to_regtype', 'to_regproc', 'to_regprocedure', 'to_regnamespace', 'to_regrole', 'array_to_string',
  'pg_index_column_has_property', 'pg_index_has_property', 'pg_indexam_has_property', 'pg_options_to_table',
  'pg_get_replica_identity_index', 'pg_relation_is_publishable', 'pg_relation_filenode', 'pg_settings_get_flags',
  'pg_get_publication_tables', 'pg_tablespace_size', 'pg_get_serial_sequence', 'regclass', 'pg_sequence_last_value',
];

const CONDITIONAL_MISC = ['coalesce', 'nullif', 'greatest', 'least', 'bool', 'isempty', 'lower_inc', 'upper_inc', 'range_merge', 'gen_random_uuid'];

/** Lower-case names of the built-in functions researcher SQL may call (unqualified or as pg_catalog.name). */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  ...AGGREGATES,
  ...WINDOW,
  ...MATH,
  ...TEXT,
  ...DATE_TIME,
  ...ARRAYS_SETS,
  ...JSON_XML,
  ...SESSION_FACTS,
  ...CATALOG,
  ...CONDITIONAL_MISC,
]);

/** Functions above that Postgres marks volatile though they change nothing (time, randomness, sizes on disk). */
export const VOLATILE_BUT_HARMLESS: ReadonlySet<string> = new Set([
  'random', 'clock_timestamp', 'timeofday', 'gen_random_uuid', 'pg_relation_size', 'pg_total_relation_size',
  'pg_table_size', 'pg_indexes_size', 'pg_database_size', 'pg_tablespace_size', 'pg_column_size', 'pg_partition_tree',
  'pg_sequence_last_value', 'txid_current_if_assigned', 'pg_current_xact_id_if_assigned', 'pg_is_in_recovery',
  'pg_jit_available', 'pg_partition_ancestors',
]);
