namespace DataPort.Jobs;

/// <summary>
/// A frequent recurring job whose fires usually find nothing to do (ledger sealing, every 5 s). A successful
/// fire that sets <c>context.Result</c> to 0 leaves no row in the run history: 17,280 empty runs a day would
/// bury the runs operators look for. Failures are always recorded, and a fire that did work is too.
/// </summary>
public interface IRecordsOnlyWork;
