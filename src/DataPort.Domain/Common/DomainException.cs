namespace DataPort.Domain.Common;

/// <summary>
/// A decision refused a command. The subtype says why, so the HTTP edge can pick the status code
/// without parsing messages: conflict 409, invalid input 422, forbidden 403, not found 404.
/// </summary>
public abstract class DomainException(string reason) : Exception(reason)
{
    public string Reason => Message;
}

/// <summary>The command does not fit the current state (e.g. approving a grant twice).</summary>
public sealed class InvalidTransitionException(string reason) : DomainException(reason);

/// <summary>The command itself is malformed or breaks a rule on its values, whatever the state.</summary>
public sealed class InvalidInputException(string reason) : DomainException(reason);

/// <summary>The caller's organisation or role may not do this.</summary>
public sealed class ForbiddenException(string reason) : DomainException(reason);

/// <summary>The command addresses something that does not exist (yet).</summary>
public sealed class NotFoundException(string reason) : DomainException(reason);
