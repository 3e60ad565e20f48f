/** Internal file and hashing helpers shared by the modules; not part of the API. */
@Internal
package ai.llmd.bench.io;

import ai.llmd.bench.Internal;
