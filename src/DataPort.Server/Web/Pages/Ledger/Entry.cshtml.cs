using System.Text.Json;
using DataPort.EventStore.Ledger;
using DataPort.Identity.Hosting;
using DataPort.Server.Endpoints;
using DataPort.Server.Web.Ledger;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Ledger;

/// <summary>
/// <c>/ledger/entries/{position}</c>: one entry, what it records, and its inclusion proof against the latest signed
/// checkpoint. "Verify" recomputes the tree's root from the entry's hash and the proof's path and checks the
/// checkpoint's SM2 signature with the platform's public key: what <c>dataport ledger verify</c> does offline for one entry.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class EntryModel(
    ActorNames actorNames, LedgerEntries entries, ILedgerParties parties, ILedger ledger) : PageModel
{
    /// <summary>People's emails for the actors shown.</summary>
    public IReadOnlyDictionary<string, string> Actors { get; private set; } = new Dictionary<string, string>();

    public static string PathOf(long position) => $"{IndexModel.Path}/entries/{position}";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public LedgerEntry Entry { get; private set; } = null!;

    public InclusionProof? Proof { get; private set; }

    public Checkpoint? Checkpoint { get; private set; }

    /// <summary>After "verify": whether the proof leads to the checkpoint's root, and whether the checkpoint's signature holds.</summary>
    public (bool Included, bool Signed)? Verified { get; private set; }

    public string Data => JsonSerializer.Serialize(Entry.Data, Indented);

    public async Task<IActionResult> OnGetAsync(long position, CancellationToken cancellationToken) =>
        await LoadAsync(position, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostVerifyAsync(long position, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(position, cancellationToken))
        {
            return NotFound();
        }
        if (Proof is not null && Checkpoint is not null)
        {
            var key = (await entries.StatusAsync(cancellationToken)).Keys.FirstOrDefault(k => k.Id == Checkpoint.KeyId);
            Verified = (Proof.Verify() && Proof.RootHash.AsSpan().SequenceEqual(Checkpoint.RootHash),
                key is not null && Sm2Signing.Verify(key.PublicKey, Checkpoint.SignedBytes(), Checkpoint.Signature));
        }
        return Page();
    }

    /// <summary>The entry when the reader may see its subject; anything else is answered as if it did not exist.</summary>
    private async Task<bool> LoadAsync(long position, CancellationToken cancellationToken)
    {
        var reader = new LedgerReader(HttpContext, entries, parties);
        if (await entries.GetAsync(position, cancellationToken) is not { } entry
            || await reader.StreamsAsync(null, cancellationToken) is not { } visible || !visible.Shows(entry.StreamId))
        {
            return false;
        }
        Entry = entry;
        Actors = await actorNames.OfAsync([entry.Actor], Domain.Common.Caller.FromClaims(User));
        if (await ledger.GetLatestCheckpointAsync(cancellationToken) is { } checkpoint)
        {
            Checkpoint = checkpoint;
            Proof = await ledger.GetInclusionProofAsync(position, checkpoint.TreeSize, cancellationToken);
        }
        return true;
    }
}
