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
