//! The model file: a versioned little-endian binary with quantised weights and a checksum,
//! so a damaged file or one from a newer release is refused with a clear error.

use super::{Model, N, Thresholds};

const MAGIC: &[u8; 8] = b"BSMODEL\0";
/// The file format this build writes and reads.
pub const FORMAT_VERSION: u32 = 2;
/// Weights are stored as `i16` steps of this size (range ±32).
const STEP: f32 = 1.0 / 1024.0;

/// Errors reading a model file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a moderation model file")]
    Magic,
    #[error(
        "the model was written by a newer Broadsheet (format {0}, this build reads {FORMAT_VERSION})"
    )]
    Version(u32),
    #[error("the model file is damaged ({0})")]
    Damaged(&'static str),
}

impl Model {
    /// Serialises: header, thresholds, description, bias, then the non-zero buckets.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for v in [FORMAT_VERSION, self.bits, N as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        let t = self.thresholds;
        for v in [t.hold, t.hold_short, t.veto, t.veto_reject]
            .into_iter()
            .chain(self.bias)
        {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.description.len() as u32).to_le_bytes());
        out.extend_from_slice(self.description.as_bytes());
        let rows: Vec<(usize, [i16; N])> = self
            .weights
            .chunks_exact(N)
            .enumerate()
            .map(|(i, r)| (i, std::array::from_fn(|k| quantise(r[k]))))
            .filter(|(_, q): &(usize, [i16; N])| q.iter().any(|x| *x != 0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (i, q) in rows {
            out.extend_from_slice(&(i as u32).to_le_bytes());
            for x in q {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Parses the format written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ModelError::Magic);
        }
        let mut r = Reader {
            bytes,
            at: MAGIC.len(),
        };
        let version = r.u32()?;
        if version > FORMAT_VERSION {
            return Err(ModelError::Version(version));
        }
        if version < FORMAT_VERSION || bytes.len() < 8 {
            return Err(ModelError::Damaged("unknown old format"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        if checksum(body).to_le_bytes() != sum {
            return Err(ModelError::Damaged("checksum mismatch"));
        }
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) || r.u32()? != N as u32 {
            return Err(ModelError::Damaged("bad dimensions"));
        }
        let thresholds = Thresholds {
            hold: r.f32()?,
            hold_short: r.f32()?,
            veto: r.f32()?,
            veto_reject: r.f32()?,
        };
        let mut model = Model::zeroed(bits);
        model.thresholds = thresholds;
        for b in &mut model.bias {
            *b = r.f32()?;
        }
        let len = r.u32()? as usize;
        model.description = String::from_utf8(r.take(len)?.to_vec())
            .map_err(|_| ModelError::Damaged("description is not UTF-8"))?;
        let rows = r.u32()?;
        for _ in 0..rows {
            let i = r.u32()? as usize;
            let row = model
                .weights
                .get_mut(i * N..i * N + N)
                .ok_or(ModelError::Damaged("bucket out of range"))?;
            for w in row {
                let q = r.take(2)?;
                *w = f32::from(i16::from_le_bytes([q[0], q[1]])) * STEP;
            }
        }
        if r.at != body.len() {
            return Err(ModelError::Damaged("trailing bytes"));
        }
        Ok(model)
    }
}

fn quantise(w: f32) -> i16 {
    (w / STEP)
        .round()
        .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
}

/// FNV-1a 64 over the bytes: enough to catch truncation and bit rot, not an attacker.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h: u64, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or(ModelError::Damaged("truncated"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}
