"""The format's *shape*: a compact, picklable schema compiled from the models.

The loader validates documents against a shape instead of calling pydantic,
and the rule checker resolves rule paths (``tehtävät[].viranhaltija``) against
it. A shape is plain data: it pickles into the rule cache, so a cached run
imports neither pydantic nor lark. ``compile_shapes()`` is the only function
here that imports the models.
"""

from __future__ import annotations

from functools import lru_cache

from .. import values
from ..record import Factory, Record
from ..text import norm

_CONVERTERS = {
    "text": values.to_text,
    "int": values.to_int,
    "bool": values.to_bool,
    "date": values.to_date,
    "end_date": values.to_end_date,
    "duration": values.to_duration,
    "percent": values.to_percent,
    "text_list": values.to_text_list,
}


@lru_cache(maxsize=None)
def _enum_converter(allowed: tuple[str, ...]):
    return values.enum_converter(allowed)


def key_norm(key: str) -> str:
    """How keys are compared: case, diacritics, '-' and '_' do not matter."""
    return norm(key).replace("-", "_").replace(" ", "_")


# A misspelt key is corrected (``MapShape.correction``) only this close to one known key,
# with no other key of the mapping within the margin of it.
KEY_CUTOFF = 0.8
KEY_MARGIN = 0.08


class Scalar(Record, frozen=True):
    kind: str
    allowed: tuple[str, ...] = ()

    def convert(self, value):
        if self.kind == "enum":
            return _enum_converter(self.allowed)(value)
        return _CONVERTERS[self.kind](value)

    def describe(self) -> str:
        return {
            "text": "teksti", "int": "kokonaisluku", "bool": "totuusarvo", "date": "päivämäärä",
            "end_date": "päivämäärä tai 'toistaiseksi'", "duration": "kesto", "percent": "prosenttiosuus",
            "text_list": "teksti tai luettelo", "enum": "yksi arvoista " + ", ".join(self.allowed),
        }[self.kind]


class ListShape(Record, frozen=True):
    item: object

    def describe(self) -> str:
        return "luettelo"


class UnionShape(Record, frozen=True):
    options: tuple

    def describe(self) -> str:
        return " tai ".join(o.describe() for o in self.options)


class FieldShape(Record, frozen=True):
    alias: str
    shape: object
    description: str
    required: bool = False


class MapShape(Record):
    name: str
    description: str
    fields: dict[str, FieldShape] = Factory(dict)
    _lookup: dict[str, str] = Factory(dict)

    def describe(self) -> str:
        return "avain–arvo-rakenne"

    def finish(self) -> None:
        self._lookup = {key_norm(alias): alias for alias in self.fields}
        # Derived, not a field (never cached): the answer for each key as spelt in the format.
        self._exact = {alias: self._lookup[key_norm(alias)] for alias in self.fields}

    def canonical(self, key: str) -> str | None:
        """The canonical spelling of ``key``, tolerant of case, diacritics and - / _."""
        exact = self.__dict__.get("_exact")
        if exact is not None and key in exact:  # most keys: no normalising
            return exact[key]
        return self._lookup.get(key_norm(key))

    def suggest(self, key: str) -> str | None:
        import difflib  # only for an unknown key: not on the path of every check

        close = difflib.get_close_matches(key_norm(key), list(self._lookup), n=1, cutoff=0.6)
        return self._lookup[close[0]] if close else None

    def correction(self, key: str) -> str | None:
        """The known key a misspelt ``key`` is meant to be, when only one is that close (a fix, not a hint).

        The closest key must be close (``KEY_CUTOFF``) and no other key of
        this mapping within ``KEY_MARGIN`` of it; None for a known key.
        """
        written = key_norm(key)
        if written in self._lookup:
            return None
        import difflib

        scored = sorted(((difflib.SequenceMatcher(None, written, known).ratio(), canonical)
                         for known, canonical in self._lookup.items()), key=lambda item: -item[0])
        if not scored or scored[0][0] < KEY_CUTOFF:
            return None
        best, chosen = scored[0]
        if any(ratio > best - KEY_MARGIN and canonical != chosen for ratio, canonical in scored[1:]):
            return None
        return chosen


class Shapes(Record):
    """Every document type's root shape, and their union for rules on 'all'."""

    roots: dict[str, MapShape]
    common: MapShape


def compile_shapes() -> Shapes:
    """Build the shapes from the pydantic models (imports pydantic)."""
    import typing

    from pydantic import BaseModel

    from . import model

    memo: dict[type, MapShape] = {}

    def of_annotation(annotation, metadata=()):
        for meta in metadata:
            if isinstance(meta, model.ScalarKind):
                allowed = getattr(meta.convert, "allowed", ())
                return Scalar(meta.kind, tuple(allowed))
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            return of_annotation(args[0], args[1:])
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            options = tuple(of_annotation(a) for a in args if a is not type(None))
            return options[0] if len(options) == 1 else UnionShape(options)
        if origin is list:
            return ListShape(of_annotation(args[0]))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return of_model(annotation)
        raise TypeError(f"unsupported annotation in the document model: {annotation!r}")

    def of_model(cls) -> MapShape:
        if cls in memo:
            return memo[cls]
        shape = MapShape(cls.__name__, (cls.__doc__ or "").strip())
        memo[cls] = shape
        for info in cls.model_fields.values():
            shape.fields[info.alias] = FieldShape(
                info.alias, of_annotation(info.annotation, info.metadata),
                info.description or "", info.is_required())
        shape.finish()
        return shape

    roots = {doc_type: of_model(cls) for doc_type, cls in model.MODELS.items()}
    return Shapes(roots=roots, common=of_model(model.Agreement))
