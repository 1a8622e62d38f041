"""marshmallow's default error messages, Chinese first then English, for every schema of the app.

Set once, when `app.schemas` is imported, on marshmallow's own field, schema and validator classes, so an
admin form or a device that sends a null, a wrong type or an unknown key reads "此项不能为空。 / Field may
not be null." instead of English alone. Messages a schema states itself are left as they are.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

FIELD_MESSAGES: dict[type, dict[str, str]] = {
    fields.Field: {
        "required": "此项必填。 / Missing data for required field.",
        "null": "此项不能为空。 / Field may not be null.",
        "validator_failed": "内容无效。 / Invalid value.",
    },
    fields.String: {"invalid": "应为文字。 / Not a valid string.",
                    "invalid_utf8": "文字编码无效。 / Not a valid utf-8 string."},
    fields.Integer: {"invalid": "应为整数。 / Not a valid integer."},
    fields.Number: {"invalid": "应为数字。 / Not a valid number.", "too_large": "数字太大。 / Number too large."},
    fields.Decimal: {"special": "不能是无穷大或非数字。 / Special numeric values (nan or infinity) are not permitted."},
    fields.Boolean: {"invalid": "应为是或否。 / Not a valid boolean."},
    fields.DateTime: {"invalid": "应为日期时间。 / Not a valid datetime.",
                      "format": "无法按日期时间格式输出。 / Cannot be formatted as a datetime."},
    fields.Date: {"invalid": "应为日期。 / Not a valid date.",
                  "format": "无法按日期格式输出。 / Cannot be formatted as a date."},
    fields.List: {"invalid": "应为列表。 / Not a valid list."},
    fields.Mapping: {"invalid": "应为键值对象。 / Not a valid mapping type."},
    fields.Nested: {"type": "类型无效。 / Invalid type."},
    fields.Email: {"invalid": "电子邮箱格式错误。 / Not a valid email address."},
}
SCHEMA_MESSAGES = {"type": "输入类型无效。 / Invalid input type.", "unknown": "无法识别的字段。 / Unknown field."}
VALIDATOR_MESSAGES: dict[type, dict[str, str]] = {
    validate.Length: {
        "message_min": "不能少于 {min} 个字。 / Shorter than minimum length {min}.",
        "message_max": "不能超过 {max} 个字。 / Longer than maximum length {max}.",
        "message_all": "长度应在 {min} 至 {max} 之间。 / Length must be between {min} and {max}.",
        "message_equal": "长度应为 {equal}。 / Length must be {equal}.",
    },
    validate.Range: {
        "message_min": "应不小于 {{min}}。 / Must be {min_op} {{min}}.",
        "message_max": "应不大于 {{max}}。 / Must be {max_op} {{max}}.",
        "message_all": "应在 {{min}} 至 {{max}} 之间。 / Must be {min_op} {{min}} and {max_op} {{max}}.",
    },
    validate.OneOf: {"default_message": "不是可选的值。 / Must be one of: {choices}."},
    validate.Email: {"default_message": "电子邮箱格式错误。 / Not a valid email address."},
    validate.Regexp: {"default_message": "格式不符合要求。 / String does not match expected pattern."},
}


def install() -> None:
    """Put the messages in place (idempotent)."""
    for cls, messages in FIELD_MESSAGES.items():
        cls.default_error_messages = {**cls.__dict__.get("default_error_messages", {}), **messages}
    Schema._default_error_messages = {**Schema._default_error_messages, **SCHEMA_MESSAGES}
    for cls, messages in VALIDATOR_MESSAGES.items():
        for name, text in messages.items():
            setattr(cls, name, text)
