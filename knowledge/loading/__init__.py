"""Loading a knowledge directory: safe file reading, YAML parsing, checks, the loader itself
and the load cache.

Importing the package imports none of them: a load served by the cache needs only
``paths`` and ``cache``, and the loader (``knowledge.loading.loader.load_records``) is
imported when a load reads files.
"""

from knowledge.loading.errors import KnowledgeError
from knowledge.loading.paths import default_knowledge_dir, release_paths

__all__ = ["KnowledgeError", "default_knowledge_dir", "release_paths"]
