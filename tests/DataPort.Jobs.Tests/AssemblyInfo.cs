// Hangfire configures itself through process-wide statics (GlobalConfiguration, GlobalJobFilters), which a production
// process sets once. Test classes each start hosts of their own, so they run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
