//! Numeric layers: hash embeddings, static vectors, maxout, layer norm, the window CNN
//! encoder (Tok2Vec), the tagger's output layer and the parser/NER step model.
