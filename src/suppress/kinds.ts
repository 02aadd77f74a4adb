/** The findings that inline suppressions themselves produce (defined with the other built-in kinds). */
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from '../../rules/builtin.js';

export { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION };
