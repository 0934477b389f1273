"""Writes expf.csv: float inputs and the C library's expf of each, as IEEE-754 bit patterns.

Run with python3 on a glibc (2.27 or later) machine: python3 expf_reference.py > expf.csv
"""
import ctypes
import random
import struct

libm = ctypes.CDLL("libm.so.6")
libm.expf.restype = ctypes.c_float
libm.expf.argtypes = [ctypes.c_float]


def bits(x):
    return struct.unpack("<i", struct.pack("<f", x))[0]


def to_float(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


random.seed(17)
inputs = [to_float(random.uniform(-40, 5)) for _ in range(20000)]
inputs += [to_float(random.uniform(-110, 95)) for _ in range(2000)]
inputs += [0.0, -0.0, 88.7, 88.8, -87.3, -103.9, -104.0, 1e-30, -1e-30]
print("x,expf")
for x in inputs:
    x = to_float(x)
    print("%d,%d" % (bits(x), bits(libm.expf(x))))
