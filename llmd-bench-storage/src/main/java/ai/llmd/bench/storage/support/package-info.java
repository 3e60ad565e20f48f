/** Internal helpers of the stores; not part of the API. */
@Internal
package ai.llmd.bench.storage.support;

import ai.llmd.bench.Internal;
