"""Pull cursors read back what they carry, whatever their length, and nothing past the length bound."""
from app.services.sync.cursors import decode_cursor, encode_cursor

DATABASE = "5f0c6c1e-2b1a-4d7e-9a51-0c2f8f1e4b7a"


def test_a_cursor_of_every_length_modulo_four_reads_back_its_seq():
    """Base64 without its `=` padding: each remainder of the length needs its own padding back."""
    lengths = set()
    for width in range(24):
        scope_key = "k" * width
        cursor = encode_cursor(DATABASE, 41, scope_key)
        lengths.add(len(cursor) % 4)
        assert decode_cursor(cursor, DATABASE, 41, scope_key) == 41
    assert lengths == {0, 2, 3}  # base64 never leaves a remainder of 1


def test_a_cursor_keeps_every_character_of_its_base64_but_the_padding():
    """Only `=` is stripped: a cursor whose text ends in another character (an `X`, from a scope key
    ending in `W` at a length that needs no padding) keeps it."""
    cursors = {key: encode_cursor(DATABASE, 9, key) for key in ("W", "kW", "kkW")}
    assert any(cursor.endswith("X") for cursor in cursors.values())
    for scope_key, cursor in cursors.items():
        assert decode_cursor(cursor, DATABASE, 9, scope_key) == 9


def test_a_cursor_is_read_up_to_three_hundred_characters_and_no_further():
    """(Unpadded base64 is never 1 more than a multiple of 4 long: after 300 comes 302.)"""
    by_length = {len(encode_cursor(DATABASE, 7, "k" * n)): "k" * n for n in range(240)}
    assert decode_cursor(encode_cursor(DATABASE, 7, by_length[300]), DATABASE, 7, by_length[300]) == 7
    assert 301 not in by_length
    assert decode_cursor(encode_cursor(DATABASE, 7, by_length[302]), DATABASE, 7, by_length[302]) is None
