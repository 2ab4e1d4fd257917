"""Loading a knowledge directory: safe file reading, YAML parsing, checks, the loader itself
and the load cache."""

from knowledge.loading.errors import KnowledgeError
from knowledge.loading.loader import default_knowledge_dir, load_records, release_paths

__all__ = ["KnowledgeError", "default_knowledge_dir", "load_records", "release_paths"]
