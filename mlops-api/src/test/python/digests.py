"""Reference values for AuditEventTest and ModelVersionTest, from the encodings their Javadoc
documents: each field as its UTF-8 byte length (big-endian int32) followed by the bytes, SHA-256."""
import hashlib
import struct


def digest(fields):
    sha = hashlib.sha256()
    for field in fields:
        data = field.encode("utf-8")
        sha.update(struct.pack(">i", len(data)))
        sha.update(data)
    return sha.hexdigest()


T = "1772360130123"  # 2026-03-01T10:15:30.123Z in epoch milliseconds
entry = ["m", "1", T, "ann", "register", "1", "", "DRAFT", "", "sha256=00", "0" * 64]
print("entry without state:", digest(entry))
print("entry with state:   ", digest(entry + ["ab" * 32]))

version = ["mlops-version-state-v1", "m", "2", "STAGING", "cd" * 32, "123", "tribuo-protobuf",
           "", "", "", T, "ann", "first", "2", "auc", "0.91", "f1", "0.5", "1", "depth", "3",
           "0", "", "", ""]
print("version state:      ", digest(version))
