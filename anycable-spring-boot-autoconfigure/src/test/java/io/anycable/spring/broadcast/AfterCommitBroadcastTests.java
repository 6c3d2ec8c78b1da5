package io.anycable.spring.broadcast;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.support.CableJson;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for broadcasts made inside transactions of a real transaction manager (H2 +
 * JDBC).
 */
class AfterCommitBroadcastTests {

	private final RecordingTransport transport = new RecordingTransport();

	private final CableJson json = new CableJson(new ObjectMapper());

	private final DefaultCableBroadcaster broadcaster = new DefaultCableBroadcaster(this.transport, this.json,
			() -> null, true);

	private JdbcTemplate jdbc;

	private TransactionTemplate transactions;

	@BeforeEach
	void setUp() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.execute("create table message (text varchar(100))");
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
	}

	@Test
	void holdsBroadcastsUntilCommitAndSendsThemAsOneBatch() {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("insert into message values ('hi')");
			this.broadcaster.broadcast("a", 1);
			this.broadcaster.broadcast("b", 2);
			assertThat(this.transport.publications()).isEmpty();
		});
		assertThat(this.transport.publications())
			.containsExactly("[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"b\",\"data\":\"2\"}]");
		assertThat(this.jdbc.queryForObject("select count(*) from message", Integer.class)).isOne();
	}

	@Test
	void dropsBroadcastsWhenTheTransactionRollsBack() {
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("insert into message values ('hi')");
			this.broadcaster.broadcast("a", 1);
			throw new IllegalStateException("boom");
		}));
		this.transactions.executeWithoutResult((status) -> {
			this.broadcaster.broadcast("a", 2);
			status.setRollbackOnly();
		});
		assertThat(this.transport.publications()).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from message", Integer.class)).isZero();
	}

	@Test
	void sendsAtOnceWithoutTransaction() {
		this.broadcaster.broadcast("a", 1);
		assertThat(this.transport.publications()).containsExactly("{\"stream\":\"a\",\"data\":\"1\"}");
	}

	@Test
	void sendsAtOnceInsideTransactionWhenAfterCommitIsOff() {
		DefaultCableBroadcaster immediate = new DefaultCableBroadcaster(this.transport, this.json, () -> null, false);
		this.transactions.executeWithoutResult((status) -> {
			immediate.broadcast("a", 1);
			assertThat(this.transport.publications()).hasSize(1);
		});
	}

	@Test
	void batchInsideTransactionJoinsTheTransaction() {
		this.transactions.executeWithoutResult((status) -> {
			this.broadcaster.batch(() -> this.broadcaster.broadcast("a", 1));
			this.broadcaster.broadcast("a", 2);
			assertThat(this.transport.publications()).isEmpty();
		});
		assertThat(this.transport.publications())
			.containsExactly("[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"a\",\"data\":\"2\"}]");
	}

	@Test
	void broadcastsMadeAfterCommitAreSent() {
		this.transactions.executeWithoutResult((status) -> {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					AfterCommitBroadcastTests.this.broadcaster.broadcast("late", 1);
				}

			});
		});
		this.transactions.executeWithoutResult((status) -> {
			this.broadcaster.broadcast("early", 1);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					AfterCommitBroadcastTests.this.broadcaster.broadcast("late", 2);
				}

			});
		});
		assertThat(this.transport.publications()).containsExactly("{\"stream\":\"late\",\"data\":\"1\"}",
				"{\"stream\":\"early\",\"data\":\"1\"}", "{\"stream\":\"late\",\"data\":\"2\"}");
	}

	@Test
	void failureAfterCommitReachesTheCommittingCode() {
		this.transport.failWith(new IOException("down"));
		assertThatExceptionOfType(BroadcastException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
				this.jdbc.update("insert into message values ('hi')");
				this.broadcaster.broadcast("a", 1);
			}))
			.withMessageContaining("stream 'a'");
		assertThat(this.jdbc.queryForObject("select count(*) from message", Integer.class)).isOne();
		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
	}

}
