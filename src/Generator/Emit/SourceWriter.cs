using System.Text;

namespace NetGen.Generator.Emit
{
    /// <summary>Writes C# source line by line with four-space indentation.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        /// <summary>The network's methods shared by same-shape layers (see <see cref="SharedMethods"/>), written at the end.</summary>
        public SharedMethods Shared { get; init; } = new();

        public SourceWriter Line(string line = "")
        {
            if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
            _text.Append('\n');
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
