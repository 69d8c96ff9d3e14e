using System.Collections.Generic;
using NetGen.Generator.Common;

namespace NetGen.Generator.Model
{
    /// <summary>One named parameter tensor of a network: what checkpoints and the ParameterTensors list hold.</summary>
    internal sealed record TensorSpec(string Name, EquatableArray<int> Shape, int Offset, int Length, bool Trainable)
    {
        public string ShapeText => "[" + string.Join(",", Shape) + "]";

        /// <summary>Per layer in declaration order, its parameter slots (weight, bias, ...) at their offsets in the flat parameters.</summary>
        public static IEnumerable<TensorSpec> Of(NetworkModel m)
        {
            foreach (var l in m.Layers)
                foreach (var slot in l.Parameters)
                    yield return new TensorSpec(l.Name + "." + slot.Role, slot.Shape, slot.Offset, (int)slot.Length, l.Trainable);
        }

        /// <summary>State slots (batch norm's running mean and variance), at their offsets in the state array.</summary>
        public static IEnumerable<TensorSpec> StateOf(NetworkModel m)
        {
            foreach (var l in m.Layers)
                foreach (var slot in l.State)
                    yield return new TensorSpec(l.Name + "." + slot.Role, slot.Shape, slot.Offset, (int)slot.Length, false);
        }
    }
}
