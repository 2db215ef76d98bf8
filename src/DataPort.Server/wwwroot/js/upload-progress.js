// Keeps an upload's progress bar live while the pipeline drafts it. It reads the uploads API with the page's own
// sign-in cookie and reloads the page once the draft is ready or has failed. Without script the page still works:
// it offers a link to refresh.
(() => {
    const section = document.querySelector('[data-upload-progress]');
    if (!section) {
        return;
    }
    const bar = section.querySelector('progress');
    const line = section.querySelector('[data-progress-text]');
    const follow = async () => {
        try {
            const response = await fetch(section.dataset.uploadProgress, { headers: { Accept: 'application/json' } });
            if (response.ok) {
                const upload = await response.json();
                if (upload.status !== 'preparing') {
                    window.location.reload();
                    return;
                }
                const progress = upload.progress;
                if (progress && progress.totalBytes > 0) {
                    bar.max = progress.totalBytes;
                    bar.value = progress.bytesRead;
                    const percent = Math.floor(100 * progress.bytesRead / progress.totalBytes);
                    line.textContent = section.dataset.template
                        .replace('{rows}', progress.rowsRead.toLocaleString())
                        .replace('{percent}', String(percent));
                }
            }
        } catch {
            // A dropped poll is retried on the next tick.
        }
        window.setTimeout(follow, 1000);
    };
    window.setTimeout(follow, 1000);
})();
