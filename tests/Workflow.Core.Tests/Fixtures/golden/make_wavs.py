#!/usr/bin/python3
"""Writes the generated WAV fixtures of this folder, deterministically, with the stdlib only.

    cd tests/Workflow.Core.Tests/Fixtures/golden && /usr/bin/python3 make_wavs.py

Python's own `wave` module writes them, independently of the C# WavWriter, so the C# reader is checked against a
second implementation.
"""
import math
import struct
import wave


def lcg(seed):
    """Deterministic uniform noise in [-1, 1) without depending on a library's RNG."""
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        yield ((state >> 11) / float(1 << 53)) * 2.0 - 1.0


def write(name, rate, width, channels):
    frames = [list(frame) for frame in zip(*channels)]
    full = {1: 128, 2: 32768, 3: 1 << 23}[width]
    out = bytearray()
    for frame in frames:
        for x in frame:
            v = max(-full, min(full - 1, int(round(x * full))))
            if width == 1:
                out += struct.pack("<B", v + 128)
            elif width == 2:
                out += struct.pack("<h", v)
            else:
                out += struct.pack("<i", v)[:3]
    with wave.open(name, "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes(out))


# Linear chirp 100 Hz -> 3800 Hz over 0.5 s at 8 kHz, 16-bit mono, amplitude 0.5, with a 0.02 DC offset.
rate, n = 8000, 4000
f0, f1, dur = 100.0, 3800.0, n / rate
chirp = [0.02 + 0.5 * math.sin(2 * math.pi * (f0 * t + (f1 - f0) * t * t / (2 * dur))) for t in (i / rate for i in range(n))]
write("chirp_8k_pcm16.wav", rate, 2, [chirp])

# 0.3 s at 16 kHz, 24-bit stereo: left 440 Hz with two harmonics, right 0.1-amplitude noise plus 1.5 kHz.
rate, n = 16000, 4800
left = [0.4 * math.sin(2 * math.pi * 440 * i / rate) + 0.2 * math.sin(2 * math.pi * 880 * i / rate)
        + 0.1 * math.sin(2 * math.pi * 1320 * i / rate) for i in range(n)]
noise = lcg(7)
right = [0.1 * next(noise) + 0.3 * math.sin(2 * math.pi * 1500 * i / rate) for i in range(n)]
write("stereo_16k_pcm24.wav", rate, 3, [left, right])

# 0.2 s at 11025 Hz, 8-bit, three channels (odd rate: frame 276, hop 110, nfft 512).
rate, n = 11025, 2205
noise = lcg(11)
chans = [[0.5 * math.sin(2 * math.pi * 300 * i / rate) for i in range(n)],
         [0.3 * math.sin(2 * math.pi * 2000 * i / rate) for i in range(n)],
         [0.2 * next(noise) for _ in range(n)]]
write("three_channel_11k_pcm8.wav", rate, 1, chans)

# 150 samples at 8 kHz: shorter than one 200-sample frame.
noise = lcg(3)
write("short_8k_pcm16.wav", 8000, 2, [[0.3 * next(noise) for _ in range(150)]])
