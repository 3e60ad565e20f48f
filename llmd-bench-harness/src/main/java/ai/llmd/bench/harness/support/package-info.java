/** Internal helpers of the transformers; not part of the API. */
@Internal
package ai.llmd.bench.harness.support;

import ai.llmd.bench.Internal;
