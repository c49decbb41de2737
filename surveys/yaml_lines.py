"""Read a YAML file safely, keeping the line of every value.

PyYAML's ``compose`` gives nodes with their position; we build plain Python values
from them ourselves so that we can:

- record ``path -> line`` for every key and list item (``("questions", 2, "text")``);
- refuse anchors and aliases (a "billion laughs" file is a few lines of aliases),
  explicit tags (``!!python/object``) and nesting deeper than any definition needs;
- report duplicate keys, which PyYAML silently lets the last one win;
- read ``yes``/``no``/``on``/``off`` as words, not booleans (YAML 1.2 rules): an option
  code ``yes`` must stay the string ``"yes"``.

Size and encoding are checked before parsing, so a 10 MB file is never parsed.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from surveys.errors import Code

#: Definitions are a few kilobytes; the framework, the biggest file, is under 50 KB.
MAX_BYTES = 1_000_000
#: Definitions need about six levels; far more means a mistake or an attack.
MAX_DEPTH = 40

FieldPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class YamlFailure(Exception):
    """The file cannot be read at all; ``line`` is None when no line applies."""

    def __init__(self, code: Code, line: int | None = None, **details: object) -> None:
        super().__init__(code.name)
        self.code = code
        self.line = line
        self.details = details


@dataclass(frozen=True)
class FileIssue:
    """Something wrong that still leaves a usable document (a duplicate key, a tag)."""

    code: Code
    path: FieldPath
    line: int
    details: dict[str, object]


@dataclass
class YamlDocument:
    data: object
    lines: dict[FieldPath, int] = field(default_factory=dict)
    issues: list[FileIssue] = field(default_factory=list)

    def line_of(self, path: FieldPath) -> int:
        """The line of ``path``, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, no anchors or aliases and a depth limit."""

    depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlFailure(Code.YAML_ALIAS, event.start_mark.line + 1)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise YamlFailure(Code.YAML_TOO_DEEP, event.start_mark.line + 1, limit=MAX_DEPTH)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1


_BOOL = _TAG + "bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _describe_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} KB"


def read_text(path: Path) -> str:
    """The file's text, refusing a missing, huge or non-UTF-8 file before parsing."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise YamlFailure(Code.FILE_NOT_FOUND) from None
    except OSError as error:
        raise YamlFailure(Code.FILE_UNREADABLE, reason=error.strerror or str(error)) from None
    if stat.S_ISDIR(status.st_mode):
        raise YamlFailure(Code.FILE_UNREADABLE, reason="it is a directory")
    if not stat.S_ISREG(status.st_mode):
        # A pipe would block until someone writes to it and /dev/zero never ends.
        raise YamlFailure(Code.FILE_UNREADABLE, reason="it is a pipe or a device, not a file")
    if status.st_size > MAX_BYTES:
        raise YamlFailure(
            Code.FILE_TOO_BIG,
            size=_describe_size(status.st_size),
            limit=_describe_size(MAX_BYTES),
        )
    try:
        with path.open("rb") as file:
            # One byte past the limit tells a file that grew since stat() from one that fits.
            raw = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise YamlFailure(Code.FILE_UNREADABLE, reason=error.strerror or str(error)) from None
    if len(raw) > MAX_BYTES:
        raise YamlFailure(
            Code.FILE_TOO_BIG,
            size=f"more than {_describe_size(MAX_BYTES)}",
            limit=_describe_size(MAX_BYTES),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlFailure(Code.NOT_UTF8, line, byte=raw[error.start]) from None


def parse_yaml(text: str) -> YamlDocument:
    """Compose ``text`` and build plain values with their lines."""
    try:
        loader = _Loader(text)  # the reader refuses control characters here, at once
    except yaml.reader.ReaderError as error:
        raise _reader_failure(text, error) from None
    try:
        root = loader.get_single_node()
    except YamlFailure:
        raise
    except yaml.composer.ComposerError as error:
        if "single document" in f"{error.context} {error.problem}":
            line = error.problem_mark.line + 1 if error.problem_mark else None
            raise YamlFailure(Code.YAML_MULTIPLE_DOCUMENTS, line) from None
        raise _syntax_failure(error) from None
    except yaml.MarkedYAMLError as error:
        raise _syntax_failure(error) from None
    except yaml.reader.ReaderError as error:
        raise _reader_failure(text, error) from None
    except yaml.YAMLError as error:
        raise YamlFailure(Code.YAML_SYNTAX, problem=str(error)) from None
    finally:
        loader.dispose()
    document = YamlDocument(data=None)
    if root is not None:
        document.data = _Builder(loader, document).build(root, ())
    return document


def load_yaml(path: Path) -> YamlDocument:
    return parse_yaml(read_text(path))


def _reader_failure(text: str, error: yaml.reader.ReaderError) -> YamlFailure:
    line = text[: error.position].count("\n") + 1
    character = error.character if isinstance(error.character, int) else ord(error.character)
    problem = f"the control character U+{character:04X} is not allowed in YAML text"
    return YamlFailure(Code.YAML_SYNTAX, line, problem=problem)


def _syntax_failure(error: yaml.MarkedYAMLError) -> YamlFailure:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "unexpected text"
    if error.context and error.problem:
        problem = f"{error.context}, {error.problem}"
    if "flow" in str(error.context):
        # the usual cause: `{en: How many?}` - inside braces, ? : , # end a bare word
        problem += " (inside { } or [ ], words holding '?', ':', ',' or '#' need quotes)"
    return YamlFailure(Code.YAML_SYNTAX, mark.line + 1 if mark else None, problem=problem)


class _Builder:
    def __init__(self, loader: _Loader, document: YamlDocument) -> None:
        self.loader = loader
        self.document = document

    def _issue(self, code: Code, path: FieldPath, node: Node, **details: object) -> None:
        line = node.start_mark.line + 1
        self.document.issues.append(FileIssue(code, path, line, details))

    def build(self, node: Node, path: FieldPath) -> object:
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _ALLOWED_TAGS:
            self._issue(Code.YAML_TAG, path, node, tag=node.tag)
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError):
            return node.value  # e.g. `2026-02-30` looks like a date but is none: keep the words

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, MappingNode | SequenceNode):
                kind = "a mapping" if isinstance(key_node, MappingNode) else "a list"
                self._issue(Code.YAML_COMPLEX_KEY, path, key_node, kind=kind)
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                self._issue(Code.YAML_TAG, path, key_node, tag=key_node.tag)
                continue
            key = key_node.value  # the key as written: `yes:` stays "yes", `1:` is "1"
            child = (*path, key)
            if key in result:
                first = self.document.lines[child]
                self._issue(Code.YAML_DUPLICATE_KEY, child, key_node, key=key, first_line=first)
                continue
            self.document.lines[child] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        return result
