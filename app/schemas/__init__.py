"""marshmallow schemas: the edge where input is validated and output shaped."""
