using System.Globalization;

namespace Workflow.Audio;

/// <summary>Names for the WAVE format codes people actually meet, so an error can say "MP3" rather than a number.</summary>
internal static class WavFormatNames
{
    private static readonly Dictionary<ushort, string> Names = new()
    {
        [0x0001] = "PCM",
        [0x0002] = "Microsoft ADPCM",
        [0x0003] = "IEEE float",
        [0x0006] = "A-law",
        [0x0007] = "mu-law",
        [0x0011] = "IMA ADPCM",
        [0x0031] = "GSM 6.10",
        [0x0050] = "MPEG",
        [0x0055] = "MP3",
        [0x00FF] = "AAC",
        [0x0160] = "WMA v1",
        [0x0161] = "WMA",
        [0x0162] = "WMA Pro",
        [0x0163] = "WMA Lossless",
        [0x1610] = "AAC (HE)",
        [0x6750] = "Ogg Vorbis",
        [0xF1AC] = "FLAC",
        [0xFFFE] = "WAVE_FORMAT_EXTENSIBLE",
    };

    /// <summary>"0x0055 (MP3)", or just "0x1234" for a code we do not know.</summary>
    public static string Describe(ushort code)
    {
        var hex = "0x" + code.ToString("X4", CultureInfo.InvariantCulture);
        return Names.TryGetValue(code, out var name) ? $"{hex} ({name})" : hex;
    }
}
