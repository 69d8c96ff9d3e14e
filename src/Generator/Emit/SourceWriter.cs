using System.Text;

namespace NetGen.Generator.Emit
{
    /// <summary>Writes C# source line by line with four-space indentation.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        public SourceWriter(int indent = 0) => _indent = indent;

        /// <summary>Lines written for another writer at this one's indentation (say, to know whether there are any).</summary>
        public SourceWriter Nested() => new(_indent + 1) { Shared = Shared };

        public bool IsEmpty => _text.Length == 0;

        /// <summary>Appends what <paramref name="nested"/> wrote, as written.</summary>
        public SourceWriter Append(SourceWriter nested)
        {
            _text.Append(nested._text);
            return this;
        }

        /// <summary>The network's methods shared by same-shape layers (see <see cref="SharedMethods"/>), written at the end.</summary>
        public SharedMethods Shared { get; init; } = new();

        public SourceWriter Line(string line = "")
        {
            if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
            _text.Append('\n');
            return this;
        }

        /// <summary>
        /// Writes each line of <paramref name="block"/> (a raw-string template of fixed boilerplate) at this indentation;
        /// its empty lines stay empty.
        /// </summary>
        public SourceWriter Lines(string block)
        {
            foreach (var line in block.Replace("\r\n", "\n").Split('\n')) Line(line);
            return this;
        }

        /// <summary>Writes <paramref name="header"/> (if any) and an opening brace, then indents.</summary>
        public SourceWriter Open(string? header = null)
        {
            if (header is not null) Line(header);
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string closing = "}")
        {
            _indent--;
            return Line(closing);
        }

        public override string ToString() => _text.ToString();
    }
}
