using System.Collections.Generic;
using NetGen.Generator.Common;

namespace NetGen.Generator.Model
{
    /// <summary>One named parameter tensor of a network: what checkpoints and the ParameterTensors list hold.</summary>
    internal sealed record TensorSpec(string Name, EquatableArray<int> Shape, int Offset, int Length, bool Trainable)
    {
        public string ShapeText => "[" + string.Join(",", Shape) + "]";

        /// <summary>Per layer in declaration order: weight then bias, at their offsets in the flat parameters.</summary>
        public static IEnumerable<TensorSpec> Of(NetworkModel m)
        {
            foreach (var l in m.Layers)
            {
                if (l.WeightCount > 0)
                    yield return new TensorSpec(l.Name + ".weight", WeightShape(l).ToEquatableArray(), l.WeightOffset, l.WeightCount, l.Trainable);
                if (l.BiasCount > 0)
                    yield return new TensorSpec(l.Name + ".bias", new[] { l.BiasCount }.ToEquatableArray(), l.BiasOffset, l.BiasCount, l.Trainable);
                if (l.LearnsConnections)
                    yield return new TensorSpec(l.Name + ".connections", new[] { l.OutC, l.InC }.ToEquatableArray(), l.ConnectionOffset, l.ConnectionCount, l.Trainable);
            }
        }

        /// <summary>Batch norm's running mean and variance, at their offsets in the state array.</summary>
        public static IEnumerable<TensorSpec> StateOf(NetworkModel m)
        {
            foreach (var l in m.Layers)
            {
                if (l.Kind != LayerKind.BatchNorm) continue;
                yield return new TensorSpec(l.Name + ".running_mean", new[] { l.OutC }.ToEquatableArray(), l.StateOffset, l.OutC, false);
                yield return new TensorSpec(l.Name + ".running_var", new[] { l.OutC }.ToEquatableArray(), l.StateOffset + l.OutC, l.OutC, false);
            }
        }

        /// <summary>PyTorch's layouts: conv [out][in/groups][k][k] (under a table, [connected pairs][k][k]), dense [out][in].</summary>
        private static int[] WeightShape(LayerModel l) => l.Kind switch
        {
            LayerKind.Conv when l.Groups > 1 => new[] { l.OutC, l.InC / l.Groups, l.Kernel, l.Kernel },
            LayerKind.Conv when l.HasTable => new[] { l.ConnectedPairs, l.Kernel, l.Kernel },
            LayerKind.Conv => new[] { l.OutC, l.InC, l.Kernel, l.Kernel },
            LayerKind.Subsample or LayerKind.BatchNorm => new[] { l.OutC },
            _ => new[] { l.OutC, l.InLength },
        };
    }
}
