using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>A network whose output is an inception block's concatenation (every branch, not just the last).</summary>
[Network(3, 4, 5)]
[Inception(2, 1, 3, 1, 2, 2, Name = "mixed")]   // 9@4x5
public partial class InceptionEnd { }
