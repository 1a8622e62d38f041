"""marshmallow schemas: the edge where input is validated and output shaped."""

from app.schemas.messages import install as _install_messages

_install_messages()
