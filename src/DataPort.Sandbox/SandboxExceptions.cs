namespace DataPort.Sandbox;

/// <summary>A request the sandbox refuses before it reaches PostgreSQL (bad identifier, unknown column …) → 400.</summary>
public class SandboxValidationException(string message) : Exception(message);

/// <summary>The live grant does not allow this use (suspended, expired, out of quota, not its holder …) → 403.</summary>
public sealed class SandboxAccessDeniedException(string reason, string message) : Exception(message)
{
    /// <summary>A stable machine-readable code, e.g. <c>grant-suspended</c>, <c>grant-expired</c>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>The dataset version is not loaded into the sandbox → 404.</summary>
public sealed class SandboxNotFoundException(string message) : Exception(message);

/// <summary>A load that conflicts with what is already loaded (same version, other content) → 409.</summary>
public sealed class SandboxConflictException(string message) : Exception(message);
