"""Plain loaders: `schema.load` for the inputs a device normally sends, without marshmallow's machinery.

A `PlainLoader` is built from the schema itself (its fields, validators and `@validates` methods), so
the rules stay in one place. It answers only when every value is plainly valid — strings, integers,
booleans and lists of them checked inline, any other field through its own `deserialize` — and
answers None when it is not sure (an error, an unknown key, a type it does not know): the caller
then loads with marshmallow, so every error and its message are marshmallow's. The sync push runs
this for every mutation; marshmallow's per-field bookkeeping was a third of its time.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA

from app.schemas.validators import validate_text

Loader = Callable[[Any], Any]


class _Unsure(Exception):
    """The plain loader cannot vouch for a value: let marshmallow judge it."""


def _string(value: Any) -> str:
    if type(value) is not str:
        raise _Unsure
    return value


def _integer(value: Any) -> int:
    if type(value) is not int:
        raise _Unsure
    return value


def _boolean(value: Any) -> bool:
    if value is not True and value is not False:
        raise _Unsure
    return value


def _list_of(inner: Loader) -> Loader:
    def load(value: Any) -> list[Any]:
        if type(value) is not list:
            raise _Unsure
        return [inner(item) for item in value]
    return load


def _dict_keyed_by(key: Loader) -> Loader:
    def load(value: Any) -> dict[Any, Any]:
        if type(value) is not dict:
            raise _Unsure
        return {key(name): item for name, item in value.items()}
    return load


_JUDGE_THE_VALUE_ALONE = (
    validate.Length, validate.Range, validate.OneOf, validate.NoneOf, validate.Equal, validate.Regexp,
    validate.ContainsOnly,
)
"""Validators whose verdict depends on the value alone, by exact type: a subclass may look elsewhere, as
`UpToThisYear` looks at the calendar. `validate_text` too."""
_REMEMBERED_KEYS = 1024


def _judged_alone(field: fields.Field) -> bool:
    """A field loaded as the plain text it is sent as, whose every validator looks at that text alone."""
    return not (field.pre_load or field.post_load) and _converter(field) is _string \
        and all(v is validate_text or type(v) in _JUDGE_THE_VALUE_ALONE for v in field.validators)


def _dict_keyed_by_names(key: Loader) -> Loader:
    """`_dict_keyed_by` for keys `_judged_alone`, remembering the keys found valid: a mapping's keys are a few
    names met again and again (a push's `changes` are field names), and checking each anew was a tenth of a
    push's envelope."""
    valid: set[str] = set()

    def load(value: Any) -> dict[Any, Any]:
        if type(value) is not dict:
            raise _Unsure
        for name in value:
            if name not in valid:
                key(name)
                if len(valid) < _REMEMBERED_KEYS:
                    valid.add(name)
        return dict(value)
    return load


def _generic(field: fields.Field) -> Loader:
    def load(value: Any) -> Any:
        try:
            return field.deserialize(value)
        except ValidationError:
            raise _Unsure from None
    return load


def _converter(field: fields.Field) -> Loader | None:
    """The inline conversion of a field whose `_deserialize` is marshmallow's own; None for any other."""
    deserialize = type(field)._deserialize
    if deserialize is fields.String._deserialize:
        return _string
    if deserialize is fields.Number._deserialize and isinstance(field, fields.Integer):
        return _integer
    if deserialize is fields.Boolean._deserialize:
        return _boolean
    if deserialize is fields.List._deserialize:
        return _list_of(plain_field(field.inner))
    if deserialize is fields.Mapping._deserialize and field.value_field is None and field.key_field is not None \
            and field.mapping_type is dict:
        keyed = _dict_keyed_by_names if _judged_alone(field.key_field) else _dict_keyed_by
        return keyed(plain_field(field.key_field))
    return None


def plain_field(field: fields.Field) -> Loader:
    """value → what `field.deserialize(value)` gives, raising `_Unsure` instead of a ValidationError."""
    convert = None if field.pre_load or field.post_load else _converter(field)
    if convert is None:
        return _generic(field)
    validators = tuple(field.validators)
    allow_none = field.allow_none

    def load(value: Any) -> Any:
        if value is None:
            if allow_none:
                return None
            raise _Unsure
        loaded = convert(value)
        for validator in validators:
            if validator(loaded) is False:
                raise _Unsure
        return loaded
    return load


class PlainLoader:
    """`schema.load(data, partial=partial)` for plainly valid data; None whenever marshmallow should decide."""

    def __init__(self, schema: Schema, *, partial: bool) -> None:
        hooks = schema._hooks
        load_fields = schema.load_fields
        self.usable = (
            schema.unknown == RAISE and not (hooks[PRE_LOAD] or hooks[POST_LOAD] or hooks[VALIDATES_SCHEMA])
            and all(f.data_key is None and f.attribute is None and not isinstance(f, fields.Nested)
                    for f in load_fields.values()))
        self.partial = partial
        self.known = frozenset(load_fields)
        self.fields = [(name, plain_field(field), field) for name, field in load_fields.items()]
        self.field_validators = [(getattr(schema, attr), tuple(kwargs["field_names"]))
                                 for attr, _, kwargs in hooks[VALIDATES]]

    def __call__(self, data: Any) -> dict[str, Any] | None:
        if not self.usable or type(data) is not dict or not self.known.issuperset(data):
            return None
        loaded: dict[str, Any] = {}
        try:
            for name, load, field in self.fields:
                if name in data:
                    loaded[name] = load(data[name])
                elif not self.partial:
                    if field.required:
                        return None
                    default = field.load_default
                    if default is not missing:
                        loaded[name] = default() if callable(default) else default
            for validator, names in self.field_validators:
                for name in names:
                    if name in loaded:
                        validator(loaded[name], data_key=name)
        except (_Unsure, ValidationError):
            return None
        return loaded
