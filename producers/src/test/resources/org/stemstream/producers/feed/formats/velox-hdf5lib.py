"""Writes velox-hdf5lib.emd beside this script: a Velox EMD layout written by the HDF5 C library
(h5py, the library's default file format: superblock v0, symbol-table groups, v1 B-trees), as
Velox's own files are, where jhdf's writer writes HDF5 1.10-style files. VeloxEmdHdf5LibTest
reads it. Run with any h5py (3.7 with HDF5 1.10.8 wrote the file in the repository):
python3 velox-hdf5lib.py
"""
import json
from pathlib import Path

import h5py
import numpy as np


def metadata(detector, frames, name_in_binary_result):
    binary = {"DetectorIndex": "3", "PixelSize": {"width": "2.5e-10", "height": "2.5e-10"},
              "PixelUnitX": "m", "PixelUnitY": "m"}
    if name_in_binary_result:
        binary["Detector"] = detector
    text = json.dumps({"BinaryResult": binary, "Detectors": {"Detector-3": {"DetectorName": detector}}}).encode()
    columns = np.zeros((len(text) + 20, frames), dtype=np.uint8)  # one NUL-padded column per frame
    for f in range(frames):
        columns[: len(text), f] = np.frombuffer(text, dtype=np.uint8)
    return columns


with h5py.File(Path(__file__).with_name("velox-hdf5lib.emd"), "w", track_order=False) as f:
    f.create_dataset("Version", data=np.array([b'{"format":"Velox","version":"11"}']), track_times=False)
    bf = f.create_group("Data/Image/1f0d7c1e2b5e4b7c9a1d000000000000")
    bf.create_dataset("Data", data=np.arange(1000, 1015, dtype=np.uint16).reshape(3, 5, 1), track_times=False)
    bf.create_dataset("Metadata", data=metadata("BF", 1, True), track_times=False)
    # the HAADF image: 3 frames of 5 x 3, frame f's pixel (x, y) = 15 y + 3 x + f; deflated in small chunks
    haadf = f.create_group("Data/Image/6f1c00002b5e4b7c9a1d000000000001")
    haadf.create_dataset("Data", data=np.arange(45, dtype=np.float32).reshape(3, 5, 3), chunks=(2, 2, 1),
                         compression="gzip", shuffle=True, fletcher32=True, track_times=False)
    haadf.create_dataset("Metadata", data=metadata("HAADF", 3, False), chunks=True, compression="gzip", track_times=False)
    f.create_group("Data/SpectrumStream")  # what a pruned spectrum image leaves
    f.create_group("Presentation/Displays/ImageDisplay")
