using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Layers
{
    /// <summary>A convolution's connection table: parsed from its rows of 'X', or made from Groups, in CSR form per output map.</summary>
    internal static class ConnectionTable
    {
        /// <summary>The input maps of each output map, in weight-block order.</summary>
        public static IEnumerable<IEnumerable<int>> Rows(ConvLayer conv, int outMaps) => Enumerable.Range(0, outMaps).Select(o =>
            Enumerable.Range(conv.TableStarts[o], conv.TableStarts[o + 1] - conv.TableStarts[o]).Select(j => conv.TableInputs[j]));

        /// <summary>Groups as a block-diagonal table: output group g sees input group g, in input order.</summary>
        public static void Groups(int groups, int inMaps, int outMaps, out EquatableArray<int> starts, out EquatableArray<int> inputs)
        {
            int inPer = inMaps / groups, outPer = outMaps / groups;
            var startList = new List<int> { 0 };
            var inputList = new List<int>();
            for (int o = 0; o < outMaps; o++)
            {
                int g = o / outPer;
                for (int i = g * inPer; i < (g + 1) * inPer; i++) inputList.Add(i);
                startList.Add(inputList.Count);
            }
            starts = startList.ToEquatableArray();
            inputs = inputList.ToEquatableArray();
        }

        /// <summary>Rows are input maps, columns output maps; 'X' connects. Produces the CSR form per output map.</summary>
        public static bool Parse(EquatableArray<string> rows, string name, int inMaps, int outMaps, LocationInfo? at,
            List<DiagnosticInfo> diagnostics, out EquatableArray<int> starts, out EquatableArray<int> inputs)
        {
            starts = inputs = EquatableArray<int>.Empty;
            if (rows.Count != inMaps)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableRowCount, at, name, rows.Count, inMaps));
                return false;
            }
            for (int r = 0; r < rows.Count; r++)
            {
                if (rows[r].Length != outMaps)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableRowLength, at, name, r, rows[r].Length, outMaps));
                    return false;
                }
                for (int col = 0; col < outMaps; col++)
                {
                    char ch = rows[r][col];
                    if (ch != 'X' && ch != ' ')
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableBadCharacter, at, name, r, col, ch));
                        return false;
                    }
                }
            }
            var startList = new List<int> { 0 };
            var inputList = new List<int>();
            for (int o = 0; o < outMaps; o++)
            {
                for (int i = 0; i < inMaps; i++)
                    if (rows[i][o] == 'X') inputList.Add(i);
                if (inputList.Count == startList[startList.Count - 1])
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableEmptyColumn, at, name, o));
                    return false;
                }
                startList.Add(inputList.Count);
            }
            starts = startList.ToEquatableArray();
            inputs = inputList.ToEquatableArray();
            return true;
        }

        /// <summary>The 'X' cells of a connection table, counted without building it.</summary>
        public static long Count(EquatableArray<string> rows)
        {
            long count = 0;
            foreach (var row in rows)
                foreach (char ch in row)
                    if (ch == 'X') count++;
            return count;
        }
    }
}
