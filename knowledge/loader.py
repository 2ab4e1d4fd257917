"""Old path of knowledge.loading. Kept until intake moves; delete after."""

from knowledge.loading.checks import (
    check_entity_agreement,
    check_quotes,
    check_references,
    iter_quotes,
    iter_strings,
    validation_lines,
)
from knowledge.loading.errors import KnowledgeError
from knowledge.loading.loader import (
    default_knowledge_dir,
    load_records,
    load_release,
    load_vocabulary,
    release_paths,
)
from knowledge.loading.reading import (
    MAX_SOURCE_BYTES,
    MAX_YAML_BYTES,
    Refused,
    read_contained,
    read_source,
)
from knowledge.loading.yaml_files import _YamlLoader, read_yaml

__all__ = [
    "MAX_SOURCE_BYTES",
    "MAX_YAML_BYTES",
    "KnowledgeError",
    "Refused",
    "_YamlLoader",
    "check_entity_agreement",
    "check_quotes",
    "check_references",
    "default_knowledge_dir",
    "iter_quotes",
    "iter_strings",
    "load_records",
    "load_release",
    "load_vocabulary",
    "read_contained",
    "read_source",
    "read_yaml",
    "release_paths",
    "validation_lines",
]
