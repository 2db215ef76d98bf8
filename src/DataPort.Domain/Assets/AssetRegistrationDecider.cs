using DataPort.Domain.Certificates;
using DataPort.Domain.Common;

namespace DataPort.Domain.Assets;

/// <summary>
/// The rules of 数据资产登记: the owner organisation submits and amends; operators (授权运营单位) review,
/// register or reject and resolve objections; anyone may object to a registered asset; the owner, an
/// operator or a regulator may revoke it.
/// </summary>
public sealed class AssetRegistrationDecider(ICertificateSigner signer) : IDecider<AssetRegistration, AssetCommand, IAssetEvent>
{
    public IReadOnlyList<IAssetEvent> Decide(AssetRegistration? state, AssetCommand command)
    {
        if (command is SubmitAsset submit)
        {
            return [Submit(state, submit)];
        }
        if (state is null)
        {
            throw new NotFoundException($"Asset registration '{command.AssetId}' does not exist.");
        }
        return command switch
        {
            StartAssetReview c => [StartReview(state, c)],
            RegisterAsset c => [Register(state, c)],
            RejectAsset c => [Reject(state, c)],
            RaiseAssetObjection c => [RaiseObjection(state, c)],
            ResolveAssetObjection c => [ResolveObjection(state, c)],
            AmendAsset c => [Amend(state, c)],
            RevokeAsset c => [Revoke(state, c)],
            _ => throw new InvalidInputException($"Unknown asset command {command.GetType().Name}."),
        };
    }

    public AssetRegistration Evolve(AssetRegistration? state, IAssetEvent @event) => state is null
        ? AssetRegistration.Create(@event as AssetSubmitted
            ?? throw new InvalidOperationException($"An asset stream must start with {nameof(AssetSubmitted)}, not {@event.GetType().Name}."))
        : state.Apply(@event);

    private static AssetSubmitted Submit(AssetRegistration? state, SubmitAsset c)
    {
        if (state is not null)
        {
            throw new InvalidTransitionException($"Asset registration '{c.AssetId}' was already submitted.");
        }
        Guard.Role(c.By, "submit a data asset", Roles.Merchant);
        Guard.Required(c.OwnerOrganisationId, "ownerOrganisationId");
        Guard.Organisation(c.By, c.OwnerOrganisationId, "submit assets it owns");
        c.Details.Validate();
        return new AssetSubmitted(c.AssetId, c.OwnerOrganisationId, c.Details, c.By.Id, c.At);
    }

    private static AssetReviewStarted StartReview(AssetRegistration state, StartAssetReview c)
    {
        Guard.Role(c.By, "review asset registrations", Roles.Operator);
        Expect(state, "start a review", AssetStatus.Submitted);
        return new AssetReviewStarted(state.AssetId, c.By.Id, c.At);
    }

    private AssetRegistered Register(AssetRegistration state, RegisterAsset c)
    {
        Guard.Role(c.By, "register assets", Roles.Operator);
        Expect(state, "register it", AssetStatus.UnderReview);
        return new AssetRegistered(state.AssetId, AssetCertificate.Issue(state, c.Number, c.At, signer), c.By.Id, c.At);
    }

    private static AssetRejected Reject(AssetRegistration state, RejectAsset c)
    {
        Guard.Role(c.By, "reject assets", Roles.Operator);
        Guard.Required(c.Reason, "reason");
        Expect(state, "reject it", AssetStatus.UnderReview);
        return new AssetRejected(state.AssetId, c.Reason, c.By.Id, c.At);
    }

    private static AssetObjectionRaised RaiseObjection(AssetRegistration state, RaiseAssetObjection c)
    {
        Guard.Required(c.Reason, "reason");
        Expect(state, "object to it", AssetStatus.Registered);
        return new AssetObjectionRaised(state.AssetId, c.Reason, c.By.Id, c.At);
    }

    private static AssetObjectionResolved ResolveObjection(AssetRegistration state, ResolveAssetObjection c)
    {
        Guard.Role(c.By, "resolve objections", Roles.Operator);
        Guard.Required(c.Resolution, "resolution");
        Expect(state, "resolve an objection", AssetStatus.Objected);
        return new AssetObjectionResolved(state.AssetId, c.Resolution, c.By.Id, c.At);
    }

    private static AssetAmended Amend(AssetRegistration state, AmendAsset c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "amend this registration");
        // Under review the operator must see one fixed version; once registered, a change goes through an objection.
        Expect(state, "amend it", AssetStatus.Submitted, AssetStatus.Rejected, AssetStatus.Objected);
        c.Details.Validate();
        return new AssetAmended(state.AssetId, c.Details, c.By.Id, c.At);
    }

    private static AssetRevoked Revoke(AssetRegistration state, RevokeAsset c)
    {
        if (!c.By.Is(Roles.Operator) && !c.By.Is(Roles.Regulator))
        {
            Guard.Organisation(c.By, state.OwnerOrganisationId, "revoke this registration (or an operator or regulator)");
        }
        Guard.Required(c.Reason, "reason");
        Expect(state, "revoke it", AssetStatus.Registered, AssetStatus.Objected);
        return new AssetRevoked(state.AssetId, c.Reason, c.By.Id, c.At);
    }

    private static void Expect(AssetRegistration state, string action, params AssetStatus[] allowed)
    {
        if (!allowed.Contains(state.Status))
        {
            throw new InvalidTransitionException(
                $"Cannot {action}: asset registration '{state.AssetId}' is {state.Status}, not {string.Join(" or ", allowed)}.");
        }
    }
}
