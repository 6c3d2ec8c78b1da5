package io.anycable.spring.broadcast;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The broadcasts of one transaction, sent as a batch after it commits and dropped when it
 * rolls back. Only loaded when spring-tx is on the classpath.
 *
 * @author AnyCable Spring Boot contributors
 */
final class AfterCommitPublications implements TransactionSynchronization {

	private static final Log logger = LogFactory.getLog(AfterCommitPublications.class);

	private final DefaultCableBroadcaster broadcaster;

	private final List<Publication> publications = new ArrayList<>();

	private boolean committed;

	private AfterCommitPublications(DefaultCableBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	static boolean isTransactionActive() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
	}

	/**
	 * Hold a publication until the current transaction commits.
	 * @param broadcaster the broadcaster that sends it then
	 * @param publication the publication
	 * @return {@code false} when there is no transaction to wait for (or it has already
	 * committed) and the publication must be sent now
	 */
	static boolean hold(DefaultCableBroadcaster broadcaster, Publication publication) {
		if (!isTransactionActive()) {
			return false;
		}
		AfterCommitPublications held = (AfterCommitPublications) TransactionSynchronizationManager
			.getResource(broadcaster);
		if (held == null) {
			held = new AfterCommitPublications(broadcaster);
			TransactionSynchronizationManager.bindResource(broadcaster, held);
			TransactionSynchronizationManager.registerSynchronization(held);
		}
		else if (held.committed) {
			return false;
		}
		held.publications.add(publication);
		return true;
	}

	@Override
	public void afterCommit() {
		this.committed = true;
		List<Publication> toSend = drain();
		// a failure propagates to the code that committed: the data is stored, the
		// broadcast is not
		this.broadcaster.send(toSend);
	}

	@Override
	public void afterCompletion(int status) {
		TransactionSynchronizationManager.unbindResourceIfPossible(this.broadcaster);
		List<Publication> late = drain();
		if (late.isEmpty()) {
			return;
		}
		if (status != STATUS_COMMITTED) {
			if (logger.isDebugEnabled()) {
				logger.debug("Dropped " + late.size() + " broadcast(s) of a transaction that did not commit");
			}
			return;
		}
		// made after the other synchronizations' afterCommit had started (e.g. by an
		// AFTER_COMMIT listener),
		// so nobody is left to throw to: send and log a failure
		try {
			this.broadcaster.send(late);
		}
		catch (BroadcastException ex) {
			logger.error(ex.getMessage(), ex);
		}
	}

	private List<Publication> drain() {
		List<Publication> drained = new ArrayList<>(this.publications);
		this.publications.clear();
		return drained;
	}

}
