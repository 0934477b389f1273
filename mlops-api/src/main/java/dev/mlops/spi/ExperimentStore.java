package dev.mlops.spi;

import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.registry.ConflictException;
import java.util.List;
import java.util.Optional;

/**
 * A store that keeps experiments for a fleet: an optional capability of a {@link ModelStore}
 * (callers test with {@code instanceof}). Every change is a new revision, written by
 * compare-and-set on the revision number; the revisions are kept, oldest first, as the
 * experiment's change log. Safe for many threads and processes.
 */
public interface ExperimentStore {

    /**
     * Stores a revision. Revision 1 creates the experiment; revision n &gt; 1 is stored only when
     * the newest stored revision is n − 1, atomically, so of two writers that read the same
     * revision one wins and the other gets a conflict with nothing written.
     *
     * @throws ConflictException           if revision 1 names an existing experiment, or the newest
     *                                     stored revision is not n − 1
     * @throws ExperimentNotFoundException if revision n &gt; 1 names an experiment not stored
     * @throws dev.mlops.registry.StorageException if the store fails
     */
    void saveExperiment(StoredExperiment revision);

    /** The newest revision of an experiment, if it exists. */
    Optional<StoredExperiment> experiment(String id);

    /** The newest revision of every experiment, sorted by id. */
    List<StoredExperiment> experiments();

    /** Every revision of an experiment, oldest first; empty when it does not exist. */
    List<StoredExperiment> experimentHistory(String id);
}
