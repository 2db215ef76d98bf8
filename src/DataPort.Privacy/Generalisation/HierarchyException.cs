namespace DataPort.Privacy.Generalisation;

/// <summary>A hierarchy the policy or catalog declares that cannot be built; the message names the level and what is allowed.</summary>
public sealed class HierarchyException(string message) : Exception(message);
