// The list of validation rules, in the order their findings are reported, and the rules over twins (the versions of
// an agency-year published together), which the loader runs since only it sees the group. One rule per file, named
// by its id; docs/parsed-report.md describes each.
import type { Rule, TwinRule } from '../rule.js';
import cellsNonnegInt from './cells.nonneg_int.js';
import metaAgencyConsistent from './meta.agency_consistent.js';
import metaAgencyName from './meta.agency_name.js';
import metaForeignPlaceName from './meta.foreign_place_name.js';
import metaPathConsistent from './meta.path_consistent.js';
import metaPublishedLate from './meta.published_late.js';
import metaYearConsistent from './meta.year_consistent.js';
import narrativeApplications from './narrative.applications.js';
import narrativeReviewLitigation from './narrative.review_litigation.js';
import t2FeeDecimal from './t2.fee_decimal.js';
import t2InForce from './t2.in_force.js';
import t2RowsPresent from './t2.rows_present.js';
import t3Balance from './t3.balance.js';
import t3Outcomes from './t3.outcomes.js';
import t3RowSum from './t3.row_sum.js';
import t3Subtotal from './t3.subtotal.js';
import t3RowsPresent from './t3.rows_present.js';
import t4BlockSum from './t4.block_sum.js';
import tablesPresent from './tables.present.js';
import twinsFactsDisagree from './twins.facts_disagree.js';

export const RULES: readonly Rule[] = [
  tablesPresent,
  t2RowsPresent,
  t3RowsPresent,
  t3RowSum,
  t3Balance,
  t3Outcomes,
  t3Subtotal,
  t4BlockSum,
  cellsNonnegInt,
  t2FeeDecimal,
  t2InForce,
  narrativeApplications,
  narrativeReviewLitigation,
  metaYearConsistent,
  metaAgencyConsistent,
  metaPathConsistent,
  metaAgencyName,
  metaForeignPlaceName,
  metaPublishedLate,
];

export const TWIN_RULES: readonly TwinRule[] = [twinsFactsDisagree];
