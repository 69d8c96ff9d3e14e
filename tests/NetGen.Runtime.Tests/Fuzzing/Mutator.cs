using System.Text;

namespace NetGen.Fuzzing;

/// <summary>
/// Byte-level mutations of a valid input, the kinds that have found bugs in file readers: flipped bits, lengths
/// and sizes replaced by boundary values, bytes inserted, deleted, duplicated or cut off, and format tokens (JSON
/// escapes, numbers, chunk names) spliced in. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class Mutator(IReadOnlyList<string> tokens)
{
    static readonly uint[] BoundaryWords = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x8000_0000, 0x7FFF_FFFF, 0xFFFF_FFFF, 32768, 8192];
    static readonly byte[] BoundaryBytes = [0x00, 0x01, 0x08, 0x1B, 0x7F, 0x80, 0xC0, 0xFF, (byte)'"', (byte)'\\', (byte)'{', (byte)'}'];

    /// <summary>One to four mutations of <paramref name="seed"/> (which is not changed).</summary>
    public byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int steps = 1 + random.Next(4);
        for (int s = 0; s < steps; s++)
            Step(bytes, random);
        return [.. bytes];
    }

    void Step(List<byte> bytes, Random random)
    {
        int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
        switch (random.Next(9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = BoundaryBytes[random.Next(BoundaryBytes.Length)];
                break;
            case 2 when bytes.Count >= 4:
                // A size or length field: a boundary value in either byte order.
                at = Math.Min(at, bytes.Count - 4);
                uint word = BoundaryWords[random.Next(BoundaryWords.Length)];
                bool bigEndian = random.Next(2) == 0;
                for (int i = 0; i < 4; i++)
                    bytes[at + i] = (byte)(word >> (bigEndian ? 24 - 8 * i : 8 * i));
                break;
            case 3 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                break;
            case 4 when bytes.Count > 0:
                int length = Math.Min(bytes.Count - at, 1 + random.Next(32));
                bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                break;
            case 5:
                bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                break;
            case 6 when bytes.Count > 0:
                bytes.RemoveRange(at, bytes.Count - at);   // cut off
                break;
            case 7 when tokens.Count > 0:
                var token = Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Count)]);
                if (random.Next(2) == 0 && bytes.Count > 0)
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, token.Length));
                bytes.InsertRange(Math.Min(at, bytes.Count), token);
                break;
            default:
                if (bytes.Count > 0)
                    bytes[at] = (byte)random.Next(256);
                break;
        }
    }
}
