using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Generator.Weights
{
    /// <summary>
    /// Just enough JSON to read a safetensors header (the generator cannot bring System.Text.Json into the compiler):
    /// objects, arrays, strings, numbers, true/false/null, with a depth limit. Throws FormatException with the position.
    /// </summary>
    internal sealed class MiniJson
    {
        private const int MaxDepth = 32;
        private readonly string _text;
        private int _at;

        private MiniJson(string text) => _text = text;

        /// <summary>Objects become Dictionary&lt;string, object?&gt;, arrays List&lt;object?&gt;, numbers double.</summary>
        public static object? Parse(string text)
        {
            var reader = new MiniJson(text);
            var value = reader.Value(0);
            reader.SkipSpace();
            if (reader._at != text.Length) throw reader.Error("text after the JSON value");
            return value;
        }

        private object? Value(int depth)
        {
            if (depth > MaxDepth) throw Error("nesting too deep");
            SkipSpace();
            if (_at >= _text.Length) throw Error("unexpected end");
            char c = _text[_at];
            switch (c)
            {
                case '{': return Object(depth);
                case '[': return Array(depth);
                case '"': return String();
                case 't': return Word("true", true);
                case 'f': return Word("false", false);
                case 'n': return Word("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return Number();
                    throw Error($"unexpected '{c}'");
            }
        }

        private Dictionary<string, object?> Object(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _at++;
            SkipSpace();
            if (Peek('}')) { _at++; return result; }
            while (true)
            {
                SkipSpace();
                if (!Peek('"')) throw Error("expected a property name");
                string key = String();
                SkipSpace();
                Expect(':');
                if (result.ContainsKey(key)) throw Error($"duplicate key '{key}'");
                result[key] = Value(depth + 1);
                SkipSpace();
                if (Peek(',')) { _at++; continue; }
                Expect('}');
                return result;
            }
        }

        private List<object?> Array(int depth)
        {
            var result = new List<object?>();
            _at++;
            SkipSpace();
            if (Peek(']')) { _at++; return result; }
            while (true)
            {
                result.Add(Value(depth + 1));
                SkipSpace();
                if (Peek(',')) { _at++; continue; }
                Expect(']');
                return result;
            }
        }

        private string String()
        {
            _at++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (_at >= _text.Length) throw Error("unterminated string");
                char c = _text[_at++];
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                if (_at >= _text.Length) throw Error("unterminated escape");
                char e = _text[_at++];
                switch (e)
                {
                    case '"': case '\\': case '/': sb.Append(e); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_at + 4 > _text.Length || !int.TryParse(_text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                            throw Error("bad \\u escape");
                        sb.Append((char)code);
                        _at += 4;
                        break;
                    default: throw Error($"bad escape '\\{e}'");
                }
            }
        }

        private double Number()
        {
            int start = _at;
            while (_at < _text.Length && "+-0123456789.eE".IndexOf(_text[_at]) >= 0) _at++;
            if (!double.TryParse(_text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw Error("bad number");
            return value;
        }

        private object? Word(string word, object? value)
        {
            if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0) throw Error("unexpected word");
            _at += word.Length;
            return value;
        }

        private void SkipSpace()
        {
            while (_at < _text.Length && (_text[_at] == ' ' || _text[_at] == '\t' || _text[_at] == '\n' || _text[_at] == '\r')) _at++;
        }

        private bool Peek(char c) => _at < _text.Length && _text[_at] == c;

        private void Expect(char c)
        {
            if (!Peek(c)) throw Error($"expected '{c}'");
            _at++;
        }

        private FormatException Error(string what) => new FormatException($"header JSON at character {_at}: {what}");
    }
}
