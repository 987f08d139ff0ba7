"""``Record``: a light replacement for ``@dataclass`` on the start-up path.

``dataclasses`` generates each class's methods with ``exec``, which costs
about 0.5 ms a class on this machine; with forty classes that was a third of
the start-up time of ``tarkastus check``. A ``Record`` subclass gets its
fields from its annotations (parents first) when the class is created, and
shares one generic ``__init__``, ``__eq__`` and ``__repr__``::

    class Citation(Record):
        statute: str
        section: str = ""
        refs: list = Factory(list)

Options: ``class P(Record, frozen=True)`` (no assignment after ``__init__``,
hashable) and ``order=True`` (``<`` compares the field tuples). Instances
pickle like any plain object. The class is marked ``dataclass_transform``,
so type checkers and editors see each subclass's ``__init__`` with its fields.
"""

from __future__ import annotations


class Factory:
    """A default made anew for every instance (``Factory(list)``)."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        self.make = make


_NO_DEFAULT = object()


try:
    from typing import dataclass_transform
except ImportError:  # Python 3.10: the same for type checkers through typing_extensions, nothing at run time
    def dataclass_transform(**_options):
        return lambda cls: cls


@dataclass_transform(field_specifiers=(Factory,))
class Record:
    _fields: tuple[str, ...] = ()
    _defaults: dict[str, object] = {}
    _frozen = False

    def __init_subclass__(cls, frozen: bool = False, order: bool = False, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name, kind in cls.__dict__.get("__annotations__", {}).items()
               if not str(kind).startswith("ClassVar")]
        fields = list(cls._fields) + [name for name in own if name not in cls._fields]
        defaults = dict(cls._defaults)
        for name in own:
            value = cls.__dict__.get(name, _NO_DEFAULT)
            if value is not _NO_DEFAULT:
                defaults[name] = value
                delattr(cls, name)  # instances always carry the attribute
        cls._fields = tuple(fields)
        cls._defaults = defaults
        cls._frozen = frozen or cls._frozen
        if cls._frozen:
            cls.__hash__ = lambda self: hash(self._values())
        else:
            cls.__hash__ = None
        if order:
            cls.__lt__ = lambda self, other: self._values() < other._values()
            cls.__le__ = lambda self, other: self._values() <= other._values()
            cls.__gt__ = lambda self, other: self._values() > other._values()
            cls.__ge__ = lambda self, other: self._values() >= other._values()

    def __init__(self, *args, **kwargs) -> None:
        fields = self._fields
        if not kwargs and len(args) == len(fields):  # the common case, on the path of every sentence read
            object.__getattribute__(self, "__dict__").update(zip(fields, args))
            return
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} arguments, got {len(args)}")
        values = dict(zip(fields, args))
        for name in fields[len(args):]:
            if name in kwargs:
                values[name] = kwargs.pop(name)
            else:
                default = self._defaults.get(name, _NO_DEFAULT)
                if default is _NO_DEFAULT:
                    raise TypeError(f"{type(self).__name__}: missing argument {name!r}")
                values[name] = default.make() if isinstance(default, Factory) else default
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unexpected argument {next(iter(kwargs))!r}")
        object.__getattribute__(self, "__dict__").update(values)

    def __setattr__(self, name: str, value) -> None:
        if self._frozen:
            raise AttributeError(f"{type(self).__name__} is frozen")
        object.__setattr__(self, name, value)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"
