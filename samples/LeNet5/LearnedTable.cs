using System.Globalization;
using System.Text;

namespace NetGen.Samples.LeNet5;

/// <summary>The connection table a learned C3 ended with, printed like LeCun's table I.</summary>
public static class LearnedTable
{
    /// <summary>
    /// alpha[o][i] = softmax over i of C3.connections[o]; input i feeds output o in the printed table when its share is
    /// above the even share 1/inputs. Returns the table's rows (one per input map) and a text block with the alphas.
    /// </summary>
    public static string Describe(INetwork network, string layer = "C3")
    {
        var tensor = network.ParameterTensors.Single(t => t.Name == layer + ".connections");
        int outputs = tensor.Shape[0], inputs = tensor.Shape[1];
        var logits = network.Parameters.Slice(tensor.Offset, tensor.Length);
        var alpha = new double[outputs, inputs];
        for (int o = 0; o < outputs; o++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int i = 0; i < inputs; i++) max = Math.Max(max, logits[o * inputs + i]);
            for (int i = 0; i < inputs; i++) sum += Math.Exp(logits[o * inputs + i] - max);
            for (int i = 0; i < inputs; i++) alpha[o, i] = Math.Exp(logits[o * inputs + i] - max) / sum;
        }
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{layer}'s learned connections: 'X' where an input's share alpha exceeds the even share 1/{inputs}");
        int connected = 0;
        for (int i = 0; i < inputs; i++)
        {
            var row = new StringBuilder();
            for (int o = 0; o < outputs; o++)
            {
                bool on = alpha[o, i] > 1.0 / inputs;
                connected += on ? 1 : 0;
                row.Append(on ? 'X' : ' ');
            }
            text.AppendLine(c, $"  \"{row}\"");
        }
        text.AppendLine(c, $"{connected} of {inputs * outputs} pairs connected (LeCun's table I: 60 of 96)");
        text.AppendLine("alpha per output map (columns) and input map (rows):");
        for (int i = 0; i < inputs; i++)
        {
            text.Append("  ");
            for (int o = 0; o < outputs; o++) text.Append(alpha[o, i].ToString("0.00", c)).Append(' ');
            text.AppendLine();
        }
        return text.ToString();
    }
}
