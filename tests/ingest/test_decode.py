import pytest

from recoupe.ingest.decode import DecodeError, decode_bytes

TEXT = "La Russie a revendiqué mercredi la prise d'une localité près de Kourakhové.\n" * 5


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("latin-1"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "latin1", "cp1252", "utf16-bom", "utf16le-nobom", "crlf"],
)
def test_decode_bytes_reads_common_encodings(data: bytes) -> None:
    text, _ = decode_bytes(data)
    assert text == TEXT


def test_decode_bytes_rejects_binary() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(256)) * 20)


def test_a_file_mixing_utf8_and_latin1_is_read_in_both() -> None:
    from recoupe.ingest.decode import MIXED

    data = "Titre : grève à ".encode() + "l'école de Pradelles\nLes enseignants sont en grève.".encode("latin-1")
    text, enc = decode_bytes(data)
    assert enc == MIXED and text == "Titre : grève à l'école de Pradelles\nLes enseignants sont en grève."


@pytest.mark.parametrize(("text", "encoding"), [
    ("Une grève à l’école : « non » — 12 €", "cp1252"),  # short French: not cp1250's "grčve ŕ"
    ("Привет, мир! Это тест кодировки для русского текста.", "cp1251"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl včera Jiří.", "cp1250"),
])
def test_single_byte_texts_are_read_in_their_encoding(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding))[0] == text


def test_a_cp1252_file_with_bytes_that_look_like_broken_utf8_is_read() -> None:
    # "voilà… " gives E0 85 A0: not UTF-8 (an overlong form), not to be taken for it
    text = "« Et voilà…\xa0»"
    assert decode_bytes(text.encode("cp1252"))[0] == text
