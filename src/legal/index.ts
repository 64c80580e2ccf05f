/**
 * The legal desk's pure core: the demand intake format, the authority catalog and the automated first
 * assessment. No database and no HTTP; intake storage, workflow, notice, production and publishing build on
 * these. See DESK.md for the format, the catalog and every rule with its citation.
 */
export {
  DemandSchema,
  parseDemand,
  parseDemandText,
  type Demand,
  type DemandParseResult,
} from './demand.schema.js';
export { assessDemand } from './assess.js';
export type { AssessmentContext } from './facts.js';
export type {
  Assessment,
  CategoryDecision,
  Deadline,
  DeadlineKind,
  Finding,
  NoticeDecision,
  Recommendation,
  Severity,
  WithheldCategory,
} from './assessment.js';
export { FINDING_CODES, isFindingCode, type FindingCode } from './findings.js';
export {
  CatalogError,
  DEFAULT_CATALOG_FILE,
  defaultCatalog,
  loadCatalog,
  validateCatalog,
  type Authority,
  type Catalog,
} from './catalog.js';
export { normalizeCitation, resolveBasis, type BasisResolution } from './basis.js';
export {
  CATEGORY_LABELS,
  CHANNELS,
  DEMAND_KINDS,
  ISSUER_LEVELS,
  LEGAL_CATEGORIES,
  NONDISCLOSURE_TYPES,
  PROCESS_TYPES,
  type LegalCategory,
  type ProcessType,
} from './vocabulary.js';
