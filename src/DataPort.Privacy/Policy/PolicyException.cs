namespace DataPort.Privacy.Policy;

/// <summary>A policy file that cannot be used as written; the message names the key and line.</summary>
public sealed class PolicyException(string message) : Exception(message);
