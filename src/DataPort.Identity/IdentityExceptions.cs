namespace DataPort.Identity;

/// <summary>Mapped to 409 at the HTTP edge.</summary>
public sealed class IdentityConflictException(string message) : Exception(message);

/// <summary>Mapped to 404 at the HTTP edge.</summary>
public sealed class IdentityNotFoundException(string message) : Exception(message);

/// <summary>Mapped to 400 (validation problem) at the HTTP edge; <see cref="Field"/> names the offending member.</summary>
public sealed class IdentityValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
